package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/graphkit/governance/accessreviews/accessreviewstest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, nil); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(2)
	}
}

// directories are the tenants -directory picks from.
var directories = map[string]func() accessreviewstest.Directory{
	"guest":       accessreviewstest.GuestTutorialDirectory,
	"self-review": accessreviewstest.SelfReviewTutorialDirectory,
}

// run parses args, serves the fake and prints how to reach it until ctx
// ends. started, when not nil, receives the server once it is serving (the
// test uses it).
func run(ctx context.Context, args []string, out io.Writer, started chan<- *accessreviewstest.Server) error {
	fs := flag.NewFlagSet("fake-graph", flag.ContinueOnError)
	fs.SetOutput(out)
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range directories {
			if !yield(k) {
				return
			}
		}
	})
	which := fs.String("directory", "guest", "the tenant to seed: "+strings.Join(names, " or "))
	seed := fs.Int64("seed", 1, "the seed of the fake's IDs")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	dirFunc, ok := directories[*which]
	if !ok {
		return fmt.Errorf("-directory %q: want %s", *which, strings.Join(names, " or "))
	}
	dir := dirFunc()
	s := accessreviewstest.NewServer(accessreviewstest.WithDirectory(dir), accessreviewstest.WithSeed(*seed))
	defer s.Close()

	printAccess(out, s, *which, dir)
	if started != nil {
		started <- s
	}
	<-ctx.Done()
	fmt.Fprintln(out, "stopping")
	if errors.Is(context.Cause(ctx), context.Canceled) {
		return nil
	}
	return context.Cause(ctx)
}

// printAccess prints the URLs and tokens of s.
func printAccess(out io.Writer, s *accessreviewstest.Server, which string, dir accessreviewstest.Directory) {
	fmt.Fprintf(out, "Fake Microsoft Graph (%s tutorial tenant), until Ctrl+C\n", which)
	fmt.Fprintf(out, "  Graph root:    %s\n", s.URL)
	fmt.Fprintf(out, "  v1.0:          %s/v1.0\n", s.URL)
	fmt.Fprintf(out, "  beta:          %s/beta\n", s.URL)
	fmt.Fprintf(out, "  downloads:     %s (history report CSVs; no token)\n", s.DownloadURL)
	fmt.Fprintf(out, "  sign-in:       %s (device code: /{tenant}/oauth2/v2.0/devicecode and /token; approve codes at %s/devicelogin)\n", s.LoginURL, s.LoginURL)
	fmt.Fprintln(out, "Bearer tokens (Authorization: Bearer <token>):")
	fmt.Fprintf(out, "  app:           %s\n", s.AppToken())
	roles := make(map[string][]string)
	for _, r := range dir.Roles {
		for _, m := range r.Members {
			roles[m] = append(roles[m], r.DisplayName)
		}
	}
	for _, u := range dir.Users {
		who := u.DisplayName + " <" + u.UserPrincipalName + ">"
		if rs := roles[u.ID]; len(rs) > 0 {
			who += ", " + strings.Join(rs, ", ")
		}
		fmt.Fprintf(out, "  user %s (%s):\n    %s\n", u.ID, who, s.UserToken(u.ID))
	}
	fmt.Fprintln(out, "Try:")
	fmt.Fprintf(out, "  curl -H 'Authorization: Bearer %s' %s/v1.0/identityGovernance/accessReviews/definitions\n", s.AppToken(), s.URL)
}
