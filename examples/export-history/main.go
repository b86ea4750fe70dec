package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/graphkit/governance/examples/internal/setup"
)

func main() {
	var opts options
	flag.IntVar(&opts.Days, "days", 30, "export the reviews of the last `n` days")
	flag.StringVar(&opts.Output, "o", "", "write the CSV to `file` instead of stdout")
	flag.Parse()
	setup.Main(func(e *setup.Env) error {
		_, err := run(e, opts)
		return err
	}, directory())
}

// options are the command's flags.
type options struct {
	Days   int
	Output string
}

// writeTo opens where the CSV goes: the file named by -o, or the example's
// output.
func (o options) writeTo(e *setup.Env) (w io.Writer, closeFn func() error, err error) {
	if o.Output == "" {
		return e.Out, func() error { return nil }, nil
	}
	f, err := os.Create(o.Output)
	if err != nil {
		return nil, nil, fmt.Errorf("export-history: %w", err)
	}
	return f, f.Close, nil
}
