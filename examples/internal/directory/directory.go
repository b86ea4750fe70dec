package directory

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"

	"github.com/graphkit/governance/odata"
)

// Client makes directory calls on an odata.Client.
type Client struct {
	c *odata.Client
}

// New returns a Client on c, usually accessreviews.Client.OData().
func New(c *odata.Client) Client { return Client{c: c} }

// User is the part of a Graph user the examples print.
type User struct {
	ID                string `json:"id"`
	DisplayName       string `json:"displayName"`
	UserPrincipalName string `json:"userPrincipalName"`
	UserType          string `json:"userType"`
}

// NewGroup is the body of the tutorials' POST /groups.
type NewGroup struct {
	Description     string   `json:"description"`
	DisplayName     string   `json:"displayName"`
	GroupTypes      []string `json:"groupTypes"`
	MailEnabled     bool     `json:"mailEnabled"`
	MailNickname    string   `json:"mailNickname"`
	SecurityEnabled bool     `json:"securityEnabled"`
	Owners          []string `json:"owners@odata.bind,omitempty"`
	Members         []string `json:"members@odata.bind,omitempty"`
}

// CreateUser creates an enabled member user who must change the generated
// password at first sign-in, as step 1 of the guest tutorial does.
func (d Client) CreateUser(ctx context.Context, displayName, nickname, upn string) (User, error) {
	body := map[string]any{
		"accountEnabled":    true,
		"displayName":       displayName,
		"mailNickname":      nickname,
		"userPrincipalName": upn,
		"passwordProfile": map[string]any{
			"forceChangePasswordNextSignIn": true,
			// A fresh password rather than the tutorial's published one: on a
			// tenant this is a real account. The suffix adds the lower-case
			// letter and symbol that Entra's complexity rule wants.
			"password": rand.Text() + "-a",
		},
	}
	var u User
	err := d.c.Do(ctx, &odata.Request{Method: "POST", Path: "users", Body: body}, &u)
	return u, err
}

// Invite invites a guest without sending the invitation email and returns
// the ID of the guest user it creates.
func (d Client) Invite(ctx context.Context, displayName, email string) (string, error) {
	body := map[string]any{
		"invitedUserDisplayName":  displayName,
		"invitedUserEmailAddress": email,
		"sendInvitationMessage":   false,
		"inviteRedirectUrl":       "https://myapps.microsoft.com",
	}
	var out struct {
		InvitedUser struct {
			ID string `json:"id"`
		} `json:"invitedUser"`
	}
	if err := d.c.Do(ctx, &odata.Request{Method: "POST", Path: "invitations", Body: body}, &out); err != nil {
		return "", err
	}
	if _, err := odata.JoinPath(odata.GUID("invitedUser.id", out.InvitedUser.ID)); err != nil {
		return "", fmt.Errorf("the invitation returned no guest ID (%q)", out.InvitedUser.ID)
	}
	return out.InvitedUser.ID, nil
}

// CreateGroup creates a group and returns its ID.
func (d Client) CreateGroup(ctx context.Context, g NewGroup) (string, error) {
	var out struct {
		ID string `json:"id"`
	}
	if err := d.c.Do(ctx, &odata.Request{Method: "POST", Path: "groups", Body: g}, &out); err != nil {
		return "", err
	}
	return out.ID, nil
}

// Members lists the direct members of a group.
func (d Client) Members(ctx context.Context, groupID string) ([]User, error) {
	path, err := odata.JoinPath(odata.Lit("groups"), odata.GUID("groupId", groupID), odata.Lit("members"))
	if err != nil {
		return nil, err
	}
	var out []User
	for u, err := range odata.All[User](ctx, d.c, &odata.Request{Method: "GET", Path: path}) {
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// Remove deletes a directory object: collection is "users" or "groups".
func (d Client) Remove(ctx context.Context, collection, id string) error {
	path, err := odata.JoinPath(odata.Lit(collection), odata.GUID("id", id))
	if err != nil {
		return err
	}
	return d.c.Do(ctx, &odata.Request{Method: "DELETE", Path: path}, nil)
}

// Bind is the @odata.bind URL of a user, on the client's own Graph host
// so that it is right in every national cloud (and on the fake service).
func (d Client) Bind(userID string) string {
	return d.c.BaseURL().JoinPath("v1.0", "users", userID).String()
}

// organization is the part of /organization that Domain reads.
type organization struct {
	VerifiedDomains []struct {
		Name      string `json:"name"`
		IsDefault bool   `json:"isDefault"`
	} `json:"verifiedDomains"`
}

// Domain returns the tenant's default verified domain, which a new user's
// principal name must end with. The fake service accepts any domain, so
// the tutorial's contoso.com is used there.
func (d Client) Domain(ctx context.Context, onFake bool) (string, error) {
	if onFake {
		return "contoso.com", nil
	}
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
