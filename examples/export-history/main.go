// Command export-history exports the decisions of the access reviews of the
// last N days to CSV, through a review history report: it creates the
// report, waits for the service to run it, asks for a download address and
// streams the file to stdout or to the file given with -o.
//
// With no credentials it runs on the in-memory fake service, where it first
// creates a review of a small group, records its decisions and lets it
// complete, so that the report has rows:
//
//	go run ./examples/export-history
//	go run ./examples/export-history -days 30 -o history.csv
//
// With AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET set, it
// exports the tenant's own reviews of groups (the application needs
// AccessReview.Read.All). A report takes minutes to run on the service.
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
