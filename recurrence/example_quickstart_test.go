package recurrence_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
)

// A quarterly review for a year from 5 January 2026: what it sends, how it
// reads, and the days its reviews open on.
func Example() {
	start := odata.Date{Year: 2026, Month: time.January, Day: 5}
	r := recurrence.Quarterly().StartingOn(start).EndingOn(start.AddMonths(12))
	if err := r.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	body, err := json.Marshal(r)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(body))
	fmt.Println(r)
	fmt.Println(r.Next(odata.Date{}, 10))
	// Output:
	// {"pattern":{"type":"absoluteMonthly","interval":3},"range":{"type":"endDate","startDate":"2026-01-05","endDate":"2027-01-05"}}
	// every 3 months, from 2026-01-05 until 2027-01-05
	// [2026-01-05 2026-04-05 2026-07-05 2026-10-05 2027-01-05]
}
