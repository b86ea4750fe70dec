// Command stdlibonly is the floor of the build-footprint comparison: the
// calls of examples/guest-review (the guest access review tutorial) written
// with net/http and encoding/json only, as a program without the SDK would
// make them. It is built and measured by ../buildsize.sh; it runs against
// a tenant when AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET
// are set, and against GRAPH_BASE_URL (default https://graph.microsoft.com)
// with GRAPH_TOKEN otherwise.
package main
