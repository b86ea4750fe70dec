// Package setuptest starts an example's environment on the fake service for
// the example's own tests. It is apart from package setup so that the
// example programs do not link the testing package.
package setuptest
