package perf

import (
	"context"
	jsonv1 "encoding/json"
	"encoding/json/v2"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/graphkit/governance/accessreviews"
	"github.com/graphkit/governance/internal/testutil"
	"github.com/graphkit/governance/odata"
	"golang.org/x/oauth2"
)

// The wire benchmarks measure the clients alone: the pages are rendered
// once, before any timer runs, and a loopback server hands out the same
// bytes for every request. The SDK and two floors, plain net/http with
// encoding/json v1 and with encoding/json/v2, list the same pages in turn
// within each iteration, so that a change in the machine's load affects all
// three alike.

// wirePageSize is the number of decision items per pre-rendered page: the
// service's default page size for decisions.
const wirePageSize = 100

// wireDefID and wireInstID name the review the pre-rendered server serves.
const (
	wireDefID  = "5b6a2f4e-81c2-4d41-9a1f-0c3c1e4b1a10"
	wireInstID = "0d2ab8c5-6f41-4a34-b0d4-5c1a1f1cfa77"
)

// pageServer serves n decision items, pre-rendered in pages.
type pageServer struct {
	srv   *httptest.Server
	pages [][]byte
	bytes int
}

// newPageServer renders n decisions into pages and starts a loopback server
// that serves them.
func newPageServer(tb testing.TB, n int) *pageServer {
	tb.Helper()
	ps := &pageServer{}
	ps.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/decisions") || r.Header.Get("Authorization") == "" {
			http.NotFound(w, r)
			return
		}
		k := 0
		if s := r.URL.Query().Get("page"); s != "" {
			k, _ = strconv.Atoi(s)
		}
		if k < 0 || k >= len(ps.pages) {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h["Content-Type"] = []string{"application/json; odata.metadata=minimal"}
		h["Content-Length"] = []string{strconv.Itoa(len(ps.pages[k]))}
		_, _ = w.Write(ps.pages[k])
	}))
	tb.Cleanup(ps.srv.Close)
	for start, k := 0, 0; start < n; start, k = start+wirePageSize, k+1 {
		end := min(start+wirePageSize, n)
		next := ""
		if end < n {
			next = ps.firstURL() + "?page=" + strconv.Itoa(k+1)
		}
		page := renderPage(start, end, next)
		ps.pages = append(ps.pages, page)
		ps.bytes += len(page)
	}
	return ps
}

// firstURL is the URL of the first page.
func (ps *pageServer) firstURL() string {
	return ps.srv.URL + "/v1.0/identityGovernance/accessReviews/definitions/" + wireDefID +
		"/instances/" + wireInstID + "/decisions"
}

// sdkClient returns an SDK client pointed at the server.
func (ps *pageServer) sdkClient(tb testing.TB) *accessreviews.Client {
	tb.Helper()
	c, err := accessreviews.NewClient(
		odata.WithBaseURL(ps.srv.URL),
		odata.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t", TokenType: "Bearer"})),
		odata.WithHTTPClient(newFloorClient()),
		odata.WithMaxPages(1_000_000),
	)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// wireDecisions are the decisions the items carry, in turn: a review in
// progress, most items decided, some applied.
var wireDecisions = [...]string{"Approve", "Deny", "NotReviewed", "Approve", "DontKnow", "Approve", "Deny", "NotReviewed"}

// renderPage renders items [start, end) as the service writes a page of
// decision items (v1.0, with the beta target the v1.0 examples show).
func renderPage(start, end int, next string) []byte {
	var b strings.Builder
	b.WriteString(`{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#identityGovernance/accessReviews/definitions('` +
		wireDefID + `')/instances('` + wireInstID + `')/decisions",`)
	if next != "" {
		b.WriteString(`"@odata.nextLink":"` + next + `",`)
	}
	b.WriteString(`"value":[`)
	for i := start; i < end; i++ {
		if i > start {
			b.WriteByte(',')
		}
		renderItem(&b, i)
	}
	b.WriteString("]}")
	return []byte(b.String())
}

// renderItem renders decision item i: about 1 KB, with real timestamps
// where the item was reviewed or applied and the zero GUID where not, as the
// service writes them.
func renderItem(b *strings.Builder, i int) {
	const nobody = `{"id":"00000000-0000-0000-0000-000000000000","displayName":"","userPrincipalName":""}`
	decision := wireDecisions[i%len(wireDecisions)]
	user := fmt.Sprintf("%08x-1c2d-4e3f-8a9b-%012x", i, i*7919)
	at := time.Date(2026, time.January, 5, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * 37 * time.Second)
	reviewedBy, reviewed, justification := nobody, "null", ""
	appliedBy, applied, applyResult := nobody, "null", "New"
	if decision != "NotReviewed" {
		reviewedBy = `{"id":"c9a5aff7-9298-4d71-adab-0a222e0a05e4","displayName":"Aline Dupuy","userPrincipalName":"aline@contoso.com"}`
		reviewed = `"` + at.Format("2006-01-02T15:04:05.0000000Z") + `"`
		justification = "Reviewed with the team lead on " + at.Format("2 January")
		if i%3 == 0 {
			appliedBy = `{"id":"a4ad6e6c-7a2d-4c27-9b3e-5d0f6c5b2f11","displayName":"AAD Access Reviews","userPrincipalName":""}`
			applied = `"` + at.Add(36*time.Hour).Format("2006-01-02T15:04:05.000Z") + `"`
			applyResult = "AppliedSuccessfully"
		}
	}
	recommendation := "Approve"
	if i%5 == 0 {
		recommendation = "Deny"
	}
	fmt.Fprintf(b, `{"id":"%s-d%07d","accessReviewId":"%s","reviewedDateTime":%s,"decision":"%s",`+
		`"justification":"%s","appliedDateTime":%s,"applyResult":"%s","recommendation":"%s",`+
		`"principalLink":"https://graph.microsoft.com/v1.0/users/%s",`+
		`"resourceLink":"https://graph.microsoft.com/v1.0/groups/0b1ef3c7-4a4f-4d2e-9c55-62f2f8d94ad0",`+
		`"resource":{"@odata.type":"#microsoft.graph.accessReviewInstanceDecisionItemResource","id":"0b1ef3c7-4a4f-4d2e-9c55-62f2f8d94ad0","displayName":"Sales and Marketing","type":"Group"},`+
		`"reviewedBy":%s,"appliedBy":%s,`+
		`"target":{"@odata.type":"#microsoft.graph.accessReviewInstanceDecisionItemUserTarget","userId":"%s","userDisplayName":"User %d","userPrincipalName":"user%d@contoso.com"},`+
		`"principal":{"@odata.type":"#microsoft.graph.userIdentity","id":"%s","displayName":"User %d","userPrincipalName":"user%d@contoso.com"}}`,
		wireInstID[:8], i, wireInstID, reviewed, decision, justification, applied, applyResult, recommendation,
		user, reviewedBy, appliedBy, user, i, i, user, i, i)
}

// wireIdentity is the floors' identity: every property the SDK decodes.
type wireIdentity struct {
	Type              string `json:"@odata.type"`
	ID                string `json:"id"`
	DisplayName       string `json:"displayName"`
	UserPrincipalName string `json:"userPrincipalName"`
	IPAddress         string `json:"ipAddress"`
	AppID             string `json:"appId"`
}

// wireDecision is the floors' decision item: the properties the SDK
// decodes, with dates as times, as a program written against the
// documentation would declare them.
type wireDecision struct {
	ID               string       `json:"id"`
	AccessReviewID   string       `json:"accessReviewId"`
	Decision         string       `json:"decision"`
	Justification    string       `json:"justification"`
	Recommendation   string       `json:"recommendation"`
	ApplyResult      string       `json:"applyResult"`
	ApplyDescription string       `json:"applyDescription"`
	AppliedBy        wireIdentity `json:"appliedBy"`
	AppliedDateTime  time.Time    `json:"appliedDateTime"`
	ReviewedBy       wireIdentity `json:"reviewedBy"`
	ReviewedDateTime time.Time    `json:"reviewedDateTime"`
	Principal        wireIdentity `json:"principal"`
	PrincipalLink    string       `json:"principalLink"`
	Resource         struct {
		Type        string `json:"@odata.type"`
		ID          string `json:"id"`
		DisplayName string `json:"displayName"`
		Kind        string `json:"type"`
		Description string `json:"description"`
	} `json:"resource"`
	ResourceLink string `json:"resourceLink"`
	Target       struct {
		Type              string `json:"@odata.type"`
		UserID            string `json:"userId"`
		UserDisplayName   string `json:"userDisplayName"`
		UserPrincipalName string `json:"userPrincipalName"`
	} `json:"target"`
}

// wirePage is one page of decision items, for the floors.
type wirePage struct {
	NextLink string         `json:"@odata.nextLink"`
	Value    []wireDecision `json:"value"`
}

// listFloor lists every page from first with plain net/http, decoding each
// body with decode, and returns the number of items with an ID.
func listFloor(ctx context.Context, hc *http.Client, first string, decode func(*http.Response, *wirePage) error) (int, error) {
	n := 0
	for link := first; link != ""; {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
		if err != nil {
			return n, err
		}
		req.Header.Set("Authorization", "Bearer t")
		resp, err := hc.Do(req)
		if err != nil {
			return n, err
		}
		var page wirePage
		err = decode(resp, &page)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return n, fmt.Errorf("floor: %s", resp.Status)
		}
		if err != nil {
			return n, err
		}
		for i := range page.Value {
			if page.Value[i].ID != "" {
				n++
			}
		}
		link = page.NextLink
	}
	return n, nil
}

// decodeV1 is the v1 floor's decoding: a json.Decoder on the body.
func decodeV1(resp *http.Response, page *wirePage) error {
	return jsonv1.NewDecoder(resp.Body).Decode(page)
}

// decodeV2 is the v2 floor's decoding: json.UnmarshalRead on the body.
func decodeV2(resp *http.Response, page *wirePage) error {
	return json.UnmarshalRead(resp.Body, page)
}

// listSDK lists every page through Decisions.List and returns the number of
// items with an ID.
func listSDK(ctx context.Context, c *accessreviews.Client) (int, error) {
	n := 0
	for d, err := range c.Decisions.List(ctx, wireDefID, wireInstID, nil) {
		if err != nil {
			return n, err
		}
		if d.ID != "" {
			n++
		}
	}
	return n, nil
}

// allocSample reads the process's cumulative heap allocations.
type allocSample [2]metrics.Sample

func newAllocSample() *allocSample {
	var s allocSample
	s[0].Name = "/gc/heap/allocs:objects"
	s[1].Name = "/gc/heap/allocs:bytes"
	return &s
}

// read returns the cumulative allocations and bytes.
func (s *allocSample) read() (objects, bytes uint64) {
	metrics.Read(s[:])
	return s[0].Value.Uint64(), s[1].Value.Uint64()
}

// clientTotals accumulates what one client cost over a benchmark.
type clientTotals struct {
	ns, allocs, bytes uint64
}

// BenchmarkListDecisionsWire lists 10,000 and 100,000 pre-rendered decision
// items through the SDK and the two floors, in turn within each iteration
// (the order rotates), and reports each client's time per list and
// allocations and bytes per item, and the SDK's ratios to the v2 floor.
// Targets: time ≤ 1.1×, allocs/item ≤ 1.25×, bytes/item ≤ 1.5× the v2 floor.
// Allocations are the process's: the server's are the same for every
// client, since every client fetches the same pages. The heap is collected
// before each client's turn, outside the timer.
func BenchmarkListDecisionsWire(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run("items="+strconv.Itoa(n), func(b *testing.B) {
			ps := newPageServer(b, n)
			ctx := context.Background()
			sdk := ps.sdkClient(b)
			hc1, hc2 := newFloorClient(), newFloorClient()
			b.Cleanup(hc1.CloseIdleConnections)
			b.Cleanup(hc2.CloseIdleConnections)
			clients := []struct {
				name string
				list func() (int, error)
			}{
				{"sdk", func() (int, error) { return listSDK(ctx, sdk) }},
				{"v2", func() (int, error) { return listFloor(ctx, hc2, ps.firstURL(), decodeV2) }},
				{"v1", func() (int, error) { return listFloor(ctx, hc1, ps.firstURL(), decodeV1) }},
			}
			// One warm-up round opens the connections and fills the pools.
			for _, c := range clients {
				if got, err := c.list(); err != nil || got != n {
					b.Fatalf("%s listed %d items, want %d: %v", c.name, got, n, err)
				}
			}
			totals := make([]clientTotals, len(clients))
			sample := newAllocSample()
			round := 0
			b.SetBytes(int64(ps.bytes))
			for b.Loop() {
				for j := range clients {
					k := (round + j) % len(clients)
					// Each client starts on a collected heap, so that it
					// pays for its own garbage and not for the previous
					// client's (the floors allocate three times the bytes).
					b.StopTimer()
					runtime.GC()
					b.StartTimer()
					o0, b0 := sample.read()
					t0 := time.Now()
					got, err := clients[k].list()
					elapsed := time.Since(t0)
					o1, b1 := sample.read()
					if err != nil || got != n {
						b.Fatalf("%s listed %d items, want %d: %v", clients[k].name, got, n, err)
					}
					totals[k].ns += uint64(elapsed)
					totals[k].allocs += o1 - o0
					totals[k].bytes += b1 - b0
				}
				round++
			}
			rounds := float64(round)
			items := rounds * float64(n)
			for k, c := range clients {
				b.ReportMetric(float64(totals[k].ns)/rounds/1e6, c.name+"-ms/list")
				b.ReportMetric(float64(totals[k].allocs)/items, c.name+"-allocs/item")
				b.ReportMetric(float64(totals[k].bytes)/items, c.name+"-B/item")
			}
			ratio := func(a, b uint64) float64 { return float64(a) / float64(b) }
			b.ReportMetric(ratio(totals[0].ns, totals[1].ns), "sdk/v2-time")
			b.ReportMetric(ratio(totals[0].allocs, totals[1].allocs), "sdk/v2-allocs")
			b.ReportMetric(ratio(totals[0].bytes, totals[1].bytes), "sdk/v2-bytes")
		})
	}
}

// BenchmarkEncodeDefinitionWire encodes the quarterly guest review
// definition through the SDK, as the read model (json.Marshal of the
// Definition) and as the body Update sends (UpdateBody), and, for
// comparison, through a plain v2 marshal of a tagged struct holding the same
// values, as a hand-written client would declare it.
func BenchmarkEncodeDefinitionWire(b *testing.B) {
	def := guestReviewDefinition()
	body, err := def.UpdateBody()
	if err != nil {
		b.Fatal(err)
	}
	var plain plainDefinition
	if err := json.Unmarshal(body, &plain); err != nil {
		b.Fatal(err)
	}
	b.Run("sdk-read", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := json.Marshal(def)
			if err != nil || len(out) == 0 {
				b.Fatal(err)
			}
		}
	})
	b.Run("sdk-update-body", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := def.UpdateBody()
			if err != nil || len(out) == 0 {
				b.Fatal(err)
			}
		}
	})
	b.Run("v2", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := json.Marshal(&plain)
			if err != nil || len(out) == 0 {
				b.Fatal(err)
			}
		}
	})
}

// plainScope is a scope as a hand-written client declares it.
type plainScope struct {
	Type      string `json:"@odata.type,omitempty"`
	Query     string `json:"query,omitempty"`
	QueryType string `json:"queryType,omitempty"`
	QueryRoot string `json:"queryRoot,omitempty"`
}

// plainDefinition is the definition as a hand-written client declares it,
// with every property of the guest review.
type plainDefinition struct {
	DisplayName              string       `json:"displayName"`
	DescriptionForAdmins     string       `json:"descriptionForAdmins"`
	DescriptionForReviewers  string       `json:"descriptionForReviewers"`
	Scope                    plainScope   `json:"scope"`
	InstanceEnumerationScope plainScope   `json:"instanceEnumerationScope"`
	Reviewers                []plainScope `json:"reviewers"`
	FallbackReviewers        []plainScope `json:"fallbackReviewers"`
	Settings                 struct {
		MailNotificationsEnabled        bool   `json:"mailNotificationsEnabled"`
		ReminderNotificationsEnabled    bool   `json:"reminderNotificationsEnabled"`
		JustificationRequiredOnApproval bool   `json:"justificationRequiredOnApproval"`
		DefaultDecisionEnabled          bool   `json:"defaultDecisionEnabled"`
		DefaultDecision                 string `json:"defaultDecision"`
		InstanceDurationInDays          int    `json:"instanceDurationInDays"`
		AutoApplyDecisionsEnabled       bool   `json:"autoApplyDecisionsEnabled"`
		RecommendationsEnabled          bool   `json:"recommendationsEnabled"`
		Recurrence                      struct {
			Pattern struct {
				Type     string `json:"type"`
				Interval int    `json:"interval"`
			} `json:"pattern"`
			Range struct {
				Type      string `json:"type"`
				StartDate string `json:"startDate"`
				EndDate   string `json:"endDate"`
			} `json:"range"`
		} `json:"recurrence"`
		ApplyActions []struct {
			Type string `json:"@odata.type"`
		} `json:"applyActions"`
	} `json:"settings"`
}

// wireHeapGrowth lists the n pre-rendered decisions through the SDK and
// returns the largest growth of the live heap, sampled every 2,000 items,
// over the live heap once the first page is held.
func wireHeapGrowth(t *testing.T, ps *pageServer, n int) uint64 {
	t.Helper()
	c := ps.sdkClient(t)
	var base, growth uint64
	count := 0
	for d, err := range c.Decisions.List(context.Background(), wireDefID, wireInstID, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if d.ID == "" {
			t.Fatal("an item without an ID")
		}
		count++
		if count%2_000 != 50 {
			continue
		}
		live := liveHeap()
		if count == 50 {
			base = live
			continue
		}
		if live > base {
			growth = max(growth, live-base)
		}
	}
	if count != n {
		t.Fatalf("listed %d items, want %d", count, n)
	}
	return growth
}

// TestWireListHoldsMemoryFlat lists 10,000 and then 100,000 pre-rendered
// decisions (30,000 unless testutil.LongEnv is set) and checks that the live heap while iterating stays within a
// few pages, the same for both totals: nothing is kept per item. It is not
// parallel: the heap is the whole process's. The pages are rendered before
// the baseline is taken.
func TestWireListHoldsMemoryFlat(t *testing.T) {
	n := testutil.Size(100_000, 30_000)
	small, large := newPageServer(t, 10_000), newPageServer(t, n)
	page := uint64(len(small.pages[0]))
	g10 := wireHeapGrowth(t, small, 10_000)
	g100 := wireHeapGrowth(t, large, n)
	t.Logf("live heap grew by at most %d bytes over 10,000 items and %d over %d (pages of %d bytes)", g10, g100, n, page)
	if g10 > 8*page || g100 > 8*page {
		t.Errorf("the heap holds more than a few pages: %d and %d bytes", g10, g100)
	}
	if g100 > g10+4*page {
		t.Errorf("the heap grows with the total: %d bytes at 10,000 items, %d at %d", g10, g100, n)
	}
}
