package odata

import "github.com/graphkit/governance/internal/check"

// Warning reports one probable mistake in an input that the service
// nevertheless accepts. Validating methods return errors only for what the
// service is documented to refuse; what it accepts but is most likely not
// what the caller meant (a reviewer query with a typo, stage durations that
// do not add up) is a Warning, returned by the Lint methods of the packages
// that build requests. A warning never stops a request: nothing in this
// module refuses to send because of one.
//
// Its Field names the input, as a dotted path in the JSON spelling
// ("settings.recommendationLookBackDuration", "reviewers[0].query"), and its
// Problem says why the input is probably a mistake, lowercase, without the
// field name. Its String method formats it as "field: problem", or just the
// problem when Field is empty.
type Warning = check.Warning
