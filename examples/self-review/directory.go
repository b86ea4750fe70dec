package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"

	"github.com/graphkit/governance/odata"
)

// directory makes the tutorial's calls outside the access reviews API
// (/groups, and /users on a tenant). The SDK models only access reviews,
// so these are plain requests on the client's own transport: same token,
// same retries, same throttle gate.
type directory struct {
	c *odata.Client
}

// newGroup is the body of the tutorial's POST /groups.
type newGroup struct {
	Description     string   `json:"description"`
	DisplayName     string   `json:"displayName"`
	GroupTypes      []string `json:"groupTypes"`
	MailEnabled     bool     `json:"mailEnabled"`
	MailNickname    string   `json:"mailNickname"`
	SecurityEnabled bool     `json:"securityEnabled"`
	Owners          []string `json:"owners@odata.bind,omitempty"`
	Members         []string `json:"members@odata.bind"`
}

// createGroup creates a group and returns its ID.
func (d directory) createGroup(ctx context.Context, g newGroup) (string, error) {
	var out struct {
		ID string `json:"id"`
	}
	if err := d.c.Do(ctx, &odata.Request{Method: "POST", Path: "groups", Body: g}, &out); err != nil {
		return "", err
	}
	return out.ID, nil
}

// createUser creates an enabled member user who must change the generated
// password at first sign-in, and returns its ID.
func (d directory) createUser(ctx context.Context, displayName, nickname, upn string) (string, error) {
	body := map[string]any{
		"accountEnabled":    true,
		"displayName":       displayName,
		"mailNickname":      nickname,
		"userPrincipalName": upn,
		"passwordProfile": map[string]any{
			"forceChangePasswordNextSignIn": true,
			// The suffix adds the lower-case letter and symbol that Entra's
			// password complexity rule wants.
			"password": rand.Text() + "-a",
		},
	}
	var out struct {
		ID string `json:"id"`
	}
	err := d.c.Do(ctx, &odata.Request{Method: "POST", Path: "users", Body: body}, &out)
	return out.ID, err
}

// remove deletes a directory object: collection is "users" or "groups".
func (d directory) remove(ctx context.Context, collection, id string) error {
	path, err := odata.JoinPath(odata.Lit(collection), odata.GUID("id", id))
	if err != nil {
		return err
	}
	return d.c.Do(ctx, &odata.Request{Method: "DELETE", Path: path}, nil)
}

// bind is the @odata.bind URL of a user, on the client's own Graph host
// so that it is right in every national cloud (and on the fake service).
func (d directory) bind(userID string) string {
	return d.c.BaseURL().JoinPath("v1.0", "users", userID).String()
}

// organization is the part of /organization that domain reads.
type organization struct {
	VerifiedDomains []struct {
		Name      string `json:"name"`
		IsDefault bool   `json:"isDefault"`
	} `json:"verifiedDomains"`
}

// domain returns the tenant's default verified domain, which a new user's
// principal name must end with.
func (d directory) domain(ctx context.Context) (string, error) {
	for org, err := range odata.All[organization](ctx, d.c, &odata.Request{Method: "GET", Path: "organization"}) {
		if err != nil {
			return "", err
		}
		for _, v := range org.VerifiedDomains {
			if v.IsDefault {
				return strings.ToLower(v.Name), nil
			}
		}
	}
	return "", fmt.Errorf("the organization has no default verified domain")
}
