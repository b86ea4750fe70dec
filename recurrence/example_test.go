package recurrence_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/graphkit/governance/odata"
	"github.com/graphkit/governance/recurrence"
)

// show prints a recurrence's request JSON and its description.
func show(r recurrence.Recurrence) {
	b, err := json.Marshal(r)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(string(b))
	fmt.Println(r)
}

func ExampleQuarterly() {
	start := odata.Date{Year: 2021, Month: time.February, Day: 10}
	end := odata.Date{Year: 2022, Month: time.December, Day: 21}
	show(recurrence.Quarterly().StartingOn(start).EndingOn(end))
	// Output:
	// {"pattern":{"type":"absoluteMonthly","interval":3},"range":{"type":"endDate","startDate":"2021-02-10","endDate":"2022-12-21"}}
	// every 3 months, from 2021-02-10 until 2022-12-21
}

func ExampleWeekly() {
	show(recurrence.Weekly().StartingOn(odata.Date{Year: 2020, Month: time.September, Day: 8}))
	// Output:
	// {"pattern":{"type":"weekly","interval":1},"range":{"type":"noEnd","startDate":"2020-09-08"}}
	// every week, from 2020-09-08, with no end
}

func ExampleRecurrence_Every() {
	show(recurrence.Weekly().Every(2).StartingOn(odata.Date{Year: 2024, Month: time.January, Day: 8}).Times(6))
	// Output:
	// {"pattern":{"type":"weekly","interval":2},"range":{"type":"numbered","startDate":"2024-01-08","numberOfOccurrences":6}}
	// every 2 weeks, from 2024-01-08, for 6 occurrences
}

func ExampleMonthlyOnDay() {
	show(recurrence.MonthlyOnDay(15).StartingOn(odata.Date{Year: 2024, Month: time.January, Day: 15}))
	// Output:
	// {"pattern":{"type":"absoluteMonthly","interval":1,"dayOfMonth":15},"range":{"type":"noEnd","startDate":"2024-01-15"}}
	// every month on day 15, from 2024-01-15, with no end
}

func ExampleRecurrence_OnDay() {
	show(recurrence.Quarterly().OnDay(5).StartingOn(odata.Date{Year: 2021, Month: time.May, Day: 5}))
	// Output:
	// {"pattern":{"type":"absoluteMonthly","interval":3,"dayOfMonth":5},"range":{"type":"noEnd","startDate":"2021-05-05"}}
	// every 3 months on day 5, from 2021-05-05, with no end
}

func ExampleSemiAnnually() {
	show(recurrence.SemiAnnually().StartingOn(odata.Date{Year: 2021, Month: time.May, Day: 5}).Times(4))
	// Output:
	// {"pattern":{"type":"absoluteMonthly","interval":6},"range":{"type":"numbered","startDate":"2021-05-05","numberOfOccurrences":4}}
	// every 6 months, from 2021-05-05, for 4 occurrences
}

func ExampleAnnually() {
	show(recurrence.Annually().StartingOn(odata.Date{Year: 2024, Month: time.March, Day: 1}))
	// Output:
	// {"pattern":{"type":"absoluteMonthly","interval":12},"range":{"type":"noEnd","startDate":"2024-03-01"}}
	// every 12 months, from 2024-03-01, with no end
}

func ExampleOnce() {
	show(recurrence.Once().StartingOn(odata.Date{Year: 2021, Month: time.February, Day: 9}))
	// Output:
	// {"range":{"type":"noEnd","startDate":"2021-02-09"}}
	// once on 2021-02-09
}

func ExampleRecurrence_Next() {
	r := recurrence.MonthlyOnDay(31).StartingOn(odata.Date{Year: 2024, Month: time.January, Day: 31}).Times(4)
	today := odata.Date{Year: 2024, Month: time.February, Day: 10}
	for _, d := range r.Next(today, 5) {
		fmt.Println(d)
	}
	// Output:
	// 2024-02-29
	// 2024-03-31
	// 2024-04-30
}

func ExampleRecurrence_Validate() {
	r := recurrence.Weekly().Every(0).EndingOn(odata.Date{Year: 2024, Month: time.April, Day: 1})
	fmt.Println(r.Validate())
	// Output:
	// pattern.interval: is required: 1 or more, the number of weeks or months between reviews
	// range.startDate: is required
}

// Lint reports what the service accepts but is probably a mistake; it never
// stops a request.
func ExampleRecurrence_Lint() {
	r := recurrence.Weekly().Every(52 * 7).StartingOn(odata.Date{Year: 2024, Month: time.May, Day: 1}).
		EndingOn(odata.Date{Year: 2024, Month: time.April, Day: 1})
	fmt.Println(r.Validate())
	for _, w := range r.Lint() {
		fmt.Println(w)
	}
	// Output:
	// <nil>
	// pattern.interval: is 364: a review that often is probably a unit mistake (the interval counts weeks or months, not days)
	// range.endDate: 2024-04-01 is before the start date 2024-05-01: no review would run
}

// A recurrence decoded from the service keeps its meaning and sends back
// only what a request may carry.
func ExampleRecurrence_UnmarshalJSONFrom() {
	fromService := `{
		"pattern": {"type": "absoluteMonthly", "interval": 3, "month": 0, "dayOfMonth": 0,
			"daysOfWeek": [], "firstDayOfWeek": "sunday", "index": "first"},
		"range": {"type": "numbered", "numberOfOccurrences": 0, "recurrenceTimeZone": null,
			"startDate": "2021-02-10", "endDate": "2022-12-21"}
	}`
	var r recurrence.Recurrence
	if err := json.Unmarshal([]byte(fromService), &r); err != nil {
		fmt.Println("error:", err)
		return
	}
	show(r)
	// Output:
	// {"pattern":{"type":"absoluteMonthly","interval":3},"range":{"type":"endDate","startDate":"2021-02-10","endDate":"2022-12-21"}}
	// every 3 months, from 2021-02-10 until 2022-12-21
}
