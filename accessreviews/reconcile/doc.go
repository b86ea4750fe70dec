// Package reconcile keeps a tenant's access review definitions as code:
// the desired definitions, built with the accessreviews, scope and
// recurrence packages or read from JSON files, are compared with the
// tenant's; a Plan says what to create, update and delete, in words a
// reviewer of the change can read; Apply carries it out; Export turns the
// tenant's definitions into desired state, as JSON files or Go source.
package reconcile
