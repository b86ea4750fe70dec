// Command scopes walks through every example of the Graph guide "Configure
// the scope of your access review using the Microsoft Graph API": for each
// one it prints the guide's sentence, the fluent scope expression that says
// it, the JSON the expression sends and the English description the scope
// package gives it back.
//
// With no credentials it runs on the in-memory fake service, seeded with a
// small directory whose IDs the expressions use, and creates one definition
// per scope to show the service accepts them:
//
//	go run ./examples/scopes
//
// With AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET set, it
// prints the same table but creates nothing: the IDs are those of the
// example directory, not of your tenant.
package main
