// Package odata is the small transport every Microsoft Graph call of this
// module goes through: it builds URLs from a pinned root, attaches tokens
// and correlation headers, retries what is safe to retry, waits out
// throttling, follows pages, sends JSON batches and turns failures into
// typed errors. The access review services are written on top of it, and it
// is the escape hatch for any Graph call they do not cover.
//
// # Client
//
// NewClient builds a *Client from options. It does no I/O and reads no
// environment: the first token is requested by the first call. A Client is
// immutable and safe for concurrent use; share one per application and
// tenant, because its throttle gate and concurrency limit only work when they
// see all of its traffic.
//
//	c, err := odata.NewClient(
//		odata.WithClientCredentials(tenantID, clientID, secret),
//		odata.WithUserAgent("reviewbot/1.2"),
//	)
//
// Client.Do sends one Request and decodes the JSON response into a value.
// Invalid options, and invalid requests given to Do, are reported all at
// once as errors.Join of *FieldError values (errors.Is(err, ErrInvalid)),
// before anything is sent.
//
// # Authentication
//
// WithClientCredentials authenticates as an application with a client
// secret; WithDeviceCode signs a user in with the device code flow (the user
// types a code on a page of the identity platform, on any device);
// WithTokenSource takes any oauth2.TokenSource (an azidentity credential
// wrapped in one, for instance). Without any of them, no Authorization
// header is sent, and Graph answers 401.
//
// Some operations take only a signed-in user's token (a delegated token):
// recording a decision and accepting recommendations are the reviewer's own
// acts, and their documented permissions include no application permission.
// Requests for them set Request.DelegatedOnly; when the service answers 403
// and the client's token is an application token, the error also matches
// ErrDelegatedTokenRequired, and its message says to sign in as the
// reviewer. A token counts as an application token when it came from
// WithClientCredentials, or when it is a JWT whose claims say so (idtyp
// "app", or roles without scp); the claims are read, never verified or
// logged.
//
// A reviewer bot signs in once and then runs unattended:
//
//	cache, err := odata.NewFileTokenCache(filepath.Join(dir, "reviewbot-tokens.json"))
//	c, err := odata.NewClient(odata.WithDeviceCode(odata.DeviceCode{
//		TenantID: tenantID,
//		ClientID: clientID,
//		Prompt: func(ctx context.Context, p odata.DeviceCodePrompt) error {
//			_, err := fmt.Fprintf(os.Stderr, "To sign in, open %s and enter %s\n", p.VerificationURI, p.UserCode)
//			return err
//		},
//		Cache: cache,
//	}))
//
// The first call shows the prompt and waits until the user has signed in;
// the token and its refresh token are kept in the TokenCache, so the next
// run of the program renews the token without the user, until the refresh
// token is refused (then the prompt appears again). FileTokenCache writes
// its file atomically with mode 0600 and refuses a file others may read, a
// symbolic link or anything but a regular file. Failures of the identity
// platform are *SignInError values; ErrSignInDeclined and ErrSignInExpired
// match a declined sign-in and an expired code.
//
// The bearer token is attached per attempt by the client's own transport,
// never by oauth2.Transport (which adds it to every request, whatever the
// host): only requests to the configured Graph root, same scheme, host and
// port, are sent at all. Redirects are never followed. Tokens are cached and
// replaced three minutes before they expire; a 401 drops the cached token and
// the call is retried once with a new one. oauth2.TokenSource has no
// context, so every wait for a token is bounded (WithTokenTimeout).
//
// # National clouds
//
// WithCloud selects Global, USGovL4, USGovL5DoD or China. The Graph host and
// the token authority always move together, and the token scopes are under
// the cloud's Graph root ("/.default" for WithClientCredentials, the
// permission names for WithDeviceCode). WithBaseURL takes the root of
// Graph without the API version ("https://graph.microsoft.com"); a trailing
// "/v1.0" or "/beta" is read as the version, and a national Graph host
// selects its cloud. WithLoginBaseURL likewise moves the token authority of
// WithDeviceCode and WithClientCredentials to another root. Base URLs must
// be https, except for loopback hosts (localhost, 127.0.0.0/8, ::1), which
// may be plain http so that tests can reach the fake service: its
// accessreviewstest.Server.LoginURL plays the identity platform, so a
// device code sign-in runs end to end without a tenant.
//
// # Requests and queries
//
// A Request names a method, an escaped path below the API version (built
// with JoinPath from Lit, GUID and Key segments, which reject traversal and
// validate identifiers) and a Query of OData system options ($filter,
// $select, $expand, $orderby, $top, $skip, $count). Filters are built with
// Eq, And, Or, Not, Contains, StartsWith, In, Any and friends, which quote
// and escape values so that a value can never become syntax. The body is
// sent as JSON: []byte and json.RawMessage as they are, anything else
// encoded once, so every retry sends the same bytes. Request.Version reaches
// a beta-only operation from a v1.0 client.
//
// Every call carries one client-request-id (a random UUID, the same on
// every retry), a User-Agent naming this module and its version, and
// "Accept: application/json". A 2xx body must be JSON; it is read up to
// WithMaxResponseBytes (8 MiB by default, measured after decompression) and
// an error body up to WithMaxErrorBytes (64 KiB).
//
// # Paging
//
// All returns an iter.Seq2 over the items of a collection and Pages one over
// its pages; PagesFrom resumes from a saved next link. They are lazy (no
// request before the loop), restartable, stop fetching on break and yield at
// most one error. An @odata.nextLink is followed verbatim, and only when it
// stays on the configured host and API version; otherwise the iteration
// stops with ErrUntrustedNextLink and nothing is sent. A repeating link, or
// more pages than WithMaxPages allows, stops it with ErrPaginationLoop.
//
// # Retries and throttling
//
// What is retried depends on the request's RetryClass, because what is safe
// to resend depends on what the operation does. Reads retry on 429, 5xx and
// transport errors; idempotent writes (PUT, PATCH, DELETE) on 429, 503, 504,
// errors before the request was sent, and once after an ambiguous failure;
// convergent actions (stop, applyDecisions) like idempotent writes except
// that an ambiguous failure is never resent (Request.Verify may find out
// whether it took effect); non-idempotent calls (creates, resetDecisions,
// sendReminder) only where the service certainly did not process them (429,
// dial errors). A call that may have reached the service and failed
// ambiguously, when resending is not safe, returns an *OutcomeUnknownError
// carrying the client-request-id.
//
// Retry-After is honoured in every form Graph and HTTP use: decimal seconds
// ("2.128"), the three HTTP date formats, retry-after-ms and
// x-ms-retry-after-ms. The wait is never shorter than asked (nor than
// 250 ms), plus up to 10% jitter. Without a Retry-After the wait is a full
// jitter exponential backoff (uniform up to 2 s·2^n, capped at 30 s, at
// least 500 ms). A Retry-After above RetryPolicy.MaxRetryAfter (60 s by
// default), past the context's deadline or past the call's retry budget
// (3 min) is not waited out: the call returns the throttled *Error at once,
// with RetryAfter set, so the caller can reschedule. After a 429 with
// Retry-After, the client's throttle gate holds back all its requests for
// the same time, but never longer than MaxRetryAfter: calls already waiting
// for a concurrency slot wait out the gate too. At most WithMaxConcurrency
// requests (4 by default) are in flight at once. A retry after a 503 goes over a new connection.
//
// Retries run on go-retryablehttp with this package's own policy, backoff
// and error handling: its defaults would retry a POST on any 5xx and ignore
// fractional Retry-After values. Every intermediate response body is closed.
//
// # Batching
//
// Client.Batch sends any number of requests through $batch, in envelopes of
// at most MaxBatchSize, keeping every dependsOn chain in one envelope, and
// returns one BatchResult per request in input order. Sub-requests that came
// back 429, and the dependants that failed with 424 because of them, are
// sent again in a new envelope after the longest Retry-After. An envelope is
// retried as its weakest request allows: after an ambiguous failure, or a
// 2xx answer that cannot be read or decoded, creates and actions inside it
// get an *OutcomeUnknownError and are not resent. An id answered twice with
// different statuses is an error for that request, never a success.
//
// # Errors
//
// A non-2xx response is an *Error: status, Graph code and message, inner
// codes, request-id, client-request-id, date, Retry-After and throttle
// headers, method and path (never query values, bodies or tokens). Use
// errors.As to reach it and errors.Is with the sentinels: ErrBadRequest,
// ErrUnauthorized, ErrForbidden, ErrNotFound, ErrConflict, ErrThrottled,
// ErrServiceUnavailable, ErrUnexpectedRedirect, ErrDelegatedTokenRequired,
// and ErrOutcomeUnknown, ErrUntrustedNextLink, ErrPaginationLoop and
// ErrResponseTooLarge for what the transport itself detects. When the context ends, errors.Is(err,
// ctx.Err()) holds.
//
// # Dates and durations
//
// Date is a civil date (Edm.Date) that also decodes the timestamps and the
// "null" strings some Graph documents hold; Duration is an ISO 8601 duration
// that keeps its spelling ("P30D" stays "P30D"); DateTime decodes
// Edm.DateTimeOffset leniently (0 to 7 fraction digits, offsets, the zero
// time Graph sends as "0001-01-01T00:00:00Z").
//
// # Logging
//
// WithLogger takes a *slog.Logger; logging is off by default. Each attempt
// is logged at debug level (info for failures), each retry and each wait at
// the throttle gate at info level, with the fields method, path (never the
// query), status, attempt, wait_ms, client_request_id and request_id.
// Tokens, secrets, query values and bodies are never logged. The path is a
// template by default: object IDs, user principal names and other keys are
// logged as "{id}" ("/identityGovernance/accessReviews/definitions/{id}");
// WithLogIdentifiers logs paths as sent.
package odata
