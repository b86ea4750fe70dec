#!/usr/bin/env bash
# buildsize.sh measures the build footprint of the SDK against the floor:
#   stdlib   internal/buildsize/stdlibonly: the guest review tutorial's calls
#            with net/http and encoding/json only;
#   sdk      examples/guest-review: the same tutorial with the SDK (it also
#            links the in-memory fake service, its default backend);
#   importer a new module whose code makes the tutorial's review calls with
#            the SDK on a tenant, without the fake (resolved against this
#            checkout with a replace directive).
#
# For each program, RUNS times (default 3), interleaved: the wall time and
# peak RSS of `go build` from an empty GOCACHE; then the size of each binary
# built with -ldflags='-s -w', and the number of modules in `go list -m all`
# of the importer.
#
# Run from anywhere (slow: each cold build compiles the standard library):
#   bash internal/buildsize/buildsize.sh
# Not run by CI. Targets: build time <= 1.3x, binary <= 1.5x.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

# A program importing the SDK without the fake service, in a module of its
# own: the tutorial's review calls on a tenant, with client credentials.
mod="$work/importer"
mkdir -p "$mod"
cat >"$mod/main.go" <<'GO'
package main

import (
	"context"
	"log"
	"os"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
	"github.com/graphkit/governance/scope"
)

func main() {
	ctx := context.Background()
	c, err := accessreviews.NewClient(odata.WithClientCredentials(os.Getenv("AZURE_TENANT_ID"), os.Getenv("AZURE_CLIENT_ID"), os.Getenv("AZURE_CLIENT_SECRET")))
	if err != nil {
		log.Fatal(err)
	}
	def, err := c.Definitions.Create(ctx, &accessreviews.Definition{
		DisplayName:              "Quarterly guest review of Microsoft 365 groups",
		InstanceEnumerationScope: scope.AllMicrosoft365Groups(),
		Scope:                    scope.EachGroup().Members().Users().Guests(),
		Reviewers:                []scope.Reviewer{scope.GroupOwners()},
		Settings: accessreviews.Settings{DefaultDecisionEnabled: true, DefaultDecision: accessreviews.DefaultApprove,
			AutoApplyDecisionsEnabled: true, RecommendationsEnabled: true,
			Recurrence:   recurrence.Quarterly().StartingOn(odata.Date{Year: 2026, Month: 1, Day: 5}),
			ApplyActions: []accessreviews.ApplyAction{accessreviews.RemoveAccess()}},
	})
	if err != nil {
		log.Fatal(err)
	}
	for inst, err := range c.Instances.List(ctx, def.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		for d, err := range c.Decisions.List(ctx, def.ID, inst.ID, nil) {
			if err != nil {
				log.Fatal(err)
			}
			log.Println(d.PrincipalDisplayName(), d.Decision, d.Recommendation)
		}
		if err := c.Instances.Stop(ctx, def.ID, inst.ID); err != nil {
			log.Fatal(err)
		}
	}
	if err := c.Definitions.Delete(ctx, def.ID); err != nil {
		log.Fatal(err)
	}
}
GO
(cd "$mod" && go mod init example.com/importer >/dev/null 2>&1 &&
	go mod edit -replace github.com/graphkit/governance="$root" &&
	go mod tidy >/dev/null)

declare -A targets=([sdk]="$root:./examples/guest-review" [stdlib]="$root:./internal/buildsize/stdlibonly" [importer]="$mod:.")
declare -A times rss sizes

# cold_build NAME: one build from an empty cache; appends seconds and KiB.
cold_build() {
	local name=$1 cache
	cache=$(mktemp -d "$work/cache.XXXX")
	local out="$work/$name.bin" stats="$work/$name.time"
	(cd "${targets[$name]%%:*}" && GOCACHE=$cache GOFLAGS=-buildvcs=false \
		/usr/bin/time -f '%e %M' -o "$stats" go build -o "$out" "${targets[$name]#*:}")
	read -r secs kib <"$stats"
	times[$name]+="$secs "
	rss[$name]+="$kib "
	chmod -R u+w "$cache" && rm -rf "$cache"
}

# median prints the median of its arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

for ((i = 1; i <= runs; i++)); do
	for name in stdlib sdk importer; do
		cold_build "$name"
	done
done

for name in stdlib sdk importer; do
	(cd "${targets[$name]%%:*}" && GOFLAGS=-buildvcs=false go build -ldflags='-s -w' -o "$work/$name.stripped" "${targets[$name]#*:}")
	sizes[$name]=$(stat -c %s "$work/$name.stripped")
done

modules=$(cd "$mod" && go list -m all | wc -l)
packages=$(cd "$mod" && go list -deps . | grep -v '^vendor/' | grep -c '\.' || true)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; }
t_std=$(median ${times[stdlib]}) m_std=$(median ${rss[stdlib]})

echo "go: $(go version | cut -d' ' -f3-), $(nproc) CPUs, $runs cold builds each (median)"
echo "sdk = examples/guest-review (links the fake service); importer = the SDK's review calls without the fake"
printf '%-10s %12s %8s %12s %8s %14s %8s\n' program "cold build" ratio "peak RSS" ratio "stripped bin" ratio
for name in stdlib sdk importer; do
	t=$(median ${times[$name]}) m=$(median ${rss[$name]})
	printf '%-10s %11ss %8s %9d MB %8s %14d %8s\n' "$name" "$t" "$(ratio "$t" "$t_std")" $((m / 1024)) "$(ratio "$m" "$m_std")" \
		"${sizes[$name]}" "$(ratio "${sizes[$name]}" "${sizes[stdlib]}")"
done
echo "modules in 'go list -m all' of the importer: $modules"
echo "non-standard-library packages the importer builds: $packages"
for name in stdlib sdk importer; do echo "raw cold build seconds, $name: ${times[$name]}"; done
