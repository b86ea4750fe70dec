package setup

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/accessreviews/accessreviewstest"
	"github.com/graphkit/governance/odata"
)

// The environment variables Open reads.
const (
	EnvTenantID     = "AZURE_TENANT_ID"
	EnvClientID     = "AZURE_CLIENT_ID"
	EnvClientSecret = "AZURE_CLIENT_SECRET"
	EnvCloud        = "AZURE_CLOUD"
)

// Env is where an example runs: a client, and the fake service behind it
// when there is no tenant.
type Env struct {
	// Client is the application's client (app-only on a tenant).
	Client *accessreviews.Client
	// Fake is the fake service the client talks to, nil on a tenant.
	Fake *accessreviewstest.Server
	// Out is where the example prints its steps.
	Out io.Writer
}

// Open returns the Env described in the package comment. getenv is
// os.Getenv in main and a map lookup in tests; dir seeds the fake service.
func Open(getenv func(string) string, out io.Writer, dir accessreviewstest.Directory, opts ...accessreviewstest.Option) (*Env, error) {
	tenant, client, secret := getenv(EnvTenantID), getenv(EnvClientID), getenv(EnvClientSecret)
	set := 0
	var missing []string
	for _, v := range []struct{ name, value string }{{EnvTenantID, tenant}, {EnvClientID, client}, {EnvClientSecret, secret}} {
		if v.value != "" {
			set++
		} else {
			missing = append(missing, v.name)
		}
	}
	switch set {
	case 0:
		fake := accessreviewstest.NewServer(append([]accessreviewstest.Option{accessreviewstest.WithDirectory(dir)}, opts...)...)
		return &Env{Client: fake.Client(), Fake: fake, Out: out}, nil
	case 3:
		cloud, err := ParseCloud(getenv(EnvCloud))
		if err != nil {
			return nil, err
		}
		c, err := accessreviews.NewClient(odata.WithCloud(cloud), odata.WithClientCredentials(tenant, client, secret))
		if err != nil {
			return nil, fmt.Errorf("setup: %w", err)
		}
		return &Env{Client: c, Out: out}, nil
	default:
		return nil, fmt.Errorf("setup: %s set without %s: set all three to use a tenant, or none to use the fake service",
			strings.Join(present(missing), ", "), strings.Join(missing, ", "))
	}
}

// OnFake reports whether the example runs against the fake service.
func (e *Env) OnFake() bool { return e.Fake != nil }

// ClientAs returns a client signed in as the user userID, for the steps of a
// flow that only a delegated user can do (recording a decision as its
// reviewer). The fake service can act as anyone; application credentials
// cannot, so on a tenant this is an error that says so.
func (e *Env) ClientAs(userID string) (*accessreviews.Client, error) {
	if e.Fake == nil {
		return nil, errors.New("setup: acting as a user needs that user's delegated sign-in; application credentials cannot (see examples/azidentity for a delegated credential)")
	}
	return e.Fake.ClientAs(userID), nil
}

// Today is the service's current date: the fake's clock on the fake service
// (so that output is deterministic), the UTC date otherwise.
func (e *Env) Today() odata.Date {
	if e.Fake != nil {
		return odata.DateOf(e.Fake.Clock().Now())
	}
	return odata.DateOf(time.Now().UTC())
}

// Close stops the fake service, if any.
func (e *Env) Close() {
	if e.Fake != nil {
		e.Fake.Close()
	}
}

// Step prints one numbered step of an example's flow.
func (e *Env) Step(format string, args ...any) {
	fmt.Fprintf(e.Out, "==> "+format+"\n", args...)
}

// Printf prints a detail line under the current step.
func (e *Env) Printf(format string, args ...any) {
	fmt.Fprintf(e.Out, "    "+format+"\n", args...)
}

// Warnings prints the warnings of def.Lint, one a line, and returns how
// many there were. A warning never stops the example: the service accepts
// the definition, and the warning says what is probably a mistake.
func (e *Env) Warnings(def *accessreviews.Definition) int {
	ws := def.Lint()
	for _, w := range ws {
		e.Printf("warning:    %s", w)
	}
	return len(ws)
}

// Where describes the backend for the first line of an example's output.
func (e *Env) Where() string {
	if e.Fake != nil {
		return "the in-memory fake service (set " + EnvTenantID + ", " + EnvClientID + " and " + EnvClientSecret + " to use a tenant)"
	}
	return "Microsoft Graph (" + e.Client.OData().BaseURL().Host + ")"
}

// Main runs an example's flow and turns a failure into a clear message on
// stderr and exit status 1.
func Main(run func(e *Env) error, dir accessreviewstest.Directory, opts ...accessreviewstest.Option) {
	e, err := Open(os.Getenv, os.Stdout, dir, opts...)
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	fmt.Fprintln(e.Out, "Running against", e.Where())
	err = run(e)
	e.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// ParseCloud reads an AZURE_CLOUD value: global (the default, also for ""),
// usgovl4, usgovl5 or china, with the Azure SDK's cloud names as synonyms.
func ParseCloud(v string) (odata.Cloud, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "global", "public", "azurepublic", "azurepubliccloud":
		return odata.Global, nil
	case "usgovl4", "gcchigh", "azureusgovernment":
		return odata.USGovL4, nil
	case "usgovl5", "dod", "usgovl5dod":
		return odata.USGovL5DoD, nil
	case "china", "azurechina", "azurechinacloud":
		return odata.China, nil
	}
	return "", fmt.Errorf("setup: %s=%q: want global, usgovl4, usgovl5 or china", EnvCloud, v)
}

func present(missing []string) []string {
	var out []string
	for _, name := range []string{EnvTenantID, EnvClientID, EnvClientSecret} {
		found := false
		for _, m := range missing {
			found = found || m == name
		}
		if !found {
			out = append(out, name)
		}
	}
	return out
}
