package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/graphkit/governance/examples/internal/setup"
)

// The environment variables of a run on a tenant.
const (
	envTenantID     = setup.EnvTenantID
	envClientID     = setup.EnvClientID
	envClientSecret = setup.EnvClientSecret
	envCloud        = setup.EnvCloud
)

func main() {
	days := flag.Int("days", 14, "deny guests inactive for `n` days")
	cache := flag.String("cache", "", "token cache `file` (default: reviewbot/tokens.json under the user's cache directory; a temporary file on the fake)")
	failRate := flag.Float64("fail-rate", 0.2, "share of the bot's requests the fake throttles or fails (fake only)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := cli(ctx, os.Getenv, os.Stdout, config{days: *days, cache: *cache, failRate: *failRate}); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// config holds the flags.
type config struct {
	days     int
	cache    string
	failRate float64
}

// cli runs the bot on the tenant the environment names, or on the fake.
func cli(ctx context.Context, getenv func(string) string, out io.Writer, cfg config) error {
	tenant, client := getenv(envTenantID), getenv(envClientID)
	p := &printer{out: out}
	switch {
	case tenant == "" && client == "":
		fmt.Fprintf(out, "Running against the in-memory fake service (set %s and %s to use a tenant)\n", envTenantID, envClientID)
		fake := newFake()
		defer fake.Close()
		if cfg.cache == "" {
			dir, err := os.MkdirTemp("", "review-bot-")
			if err != nil {
				return fmt.Errorf("review-bot: %w", err)
			}
			defer os.RemoveAll(dir)
			cfg.cache = filepath.Join(dir, "tokens.json")
		}
		if err := createReview(ctx, p, fake); err != nil {
			return err
		}
		stop := injectFaults(p, fake, cfg.failRate)
		defer stop()
		_, err := run(ctx, p, onFake(fake), cfg)
		return err
	case tenant == "" || client == "":
		return fmt.Errorf("review-bot: set both %s and %s to use a tenant, or neither to use the fake service", envTenantID, envClientID)
	}
	cloud, err := setup.ParseCloud(getenv(envCloud))
	if err != nil {
		return err
	}
	if cfg.cache == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return fmt.Errorf("review-bot: no user cache directory; pass -cache: %w", err)
		}
		cfg.cache = filepath.Join(dir, "reviewbot", "tokens.json")
	}
	fmt.Fprintf(out, "Running against Microsoft Graph (%s cloud), tenant %s\n", cloud, tenant)
	if getenv(envClientSecret) != "" {
		p.Printf("%s is ignored: the bot signs in as a person, with a public client", envClientSecret)
	}
	// The sign-in waits for a person: the code lasts 15 minutes.
	ctx, cancel := context.WithTimeout(ctx, 30*time.Minute)
	defer cancel()
	_, err = run(ctx, p, onTenant(cloud, tenant, client), cfg)
	return err
}

// printer prints the steps of a run and the details under them.
type printer struct{ out io.Writer }

// Step prints one step.
func (p *printer) Step(format string, args ...any) {
	fmt.Fprintf(p.out, "==> "+format+"\n", args...)
}

// Printf prints a detail line under the current step.
func (p *printer) Printf(format string, args ...any) {
	fmt.Fprintf(p.out, "    "+format+"\n", args...)
}
