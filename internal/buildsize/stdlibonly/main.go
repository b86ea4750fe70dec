package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// graph is a minimal Graph client: a base URL, a token and a HTTP client.
type graph struct {
	base  string
	token string
	hc    *http.Client
}

// decision is the part of a decision item the tutorial prints.
type decision struct {
	ID             string `json:"id"`
	Decision       string `json:"decision"`
	Recommendation string `json:"recommendation"`
	Principal      struct {
		Type        string `json:"@odata.type"`
		ID          string `json:"id"`
		DisplayName string `json:"displayName"`
	} `json:"principal"`
}

// object is any Graph object of which only the ID and name are read.
type object struct {
	ID                string `json:"id"`
	DisplayName       string `json:"displayName"`
	UserType          string `json:"userType"`
	UserPrincipalName string `json:"userPrincipalName"`
	Status            string `json:"status"`
	InvitedUser       struct {
		ID string `json:"id"`
	} `json:"invitedUser"`
	VerifiedDomains []struct {
		Name      string `json:"name"`
		IsDefault bool   `json:"isDefault"`
	} `json:"verifiedDomains"`
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	g, err := newGraph(ctx)
	if err == nil {
		err = tutorial(ctx, g)
	}
	if err != nil {
		log.Fatal(err)
	}
}

// newGraph reads the environment and fetches a token.
func newGraph(ctx context.Context) (*graph, error) {
	g := &graph{base: os.Getenv("GRAPH_BASE_URL"), token: os.Getenv("GRAPH_TOKEN"), hc: &http.Client{Timeout: time.Minute}}
	if g.base == "" {
		g.base = "https://graph.microsoft.com"
	}
	tenant, id, secret := os.Getenv("AZURE_TENANT_ID"), os.Getenv("AZURE_CLIENT_ID"), os.Getenv("AZURE_CLIENT_SECRET")
	if tenant == "" {
		return g, nil
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret},
		"scope": {"https://graph.microsoft.com/.default"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost,
		"https://login.microsoftonline.com/"+url.PathEscape(tenant)+"/oauth2/v2.0/token", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := g.send(req, &tok); err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	g.token = tok.AccessToken
	return g, nil
}

// tutorial makes the tutorial's calls in order, deleting what it created.
func tutorial(ctx context.Context, g *graph) (err error) {
	var org struct{ Value []object }
	if err := g.do(ctx, http.MethodGet, "/v1.0/organization", nil, &org); err != nil || len(org.Value) == 0 {
		return errors.Join(errors.New("organization"), err)
	}
	domain := ""
	for _, d := range org.Value[0].VerifiedDomains {
		if d.IsDefault {
			domain = d.Name
		}
	}
	var aline, john, group, def object
	defer func() {
		for _, p := range []string{"/v1.0/groups/" + group.ID, "/v1.0/identityGovernance/accessReviews/definitions/" + def.ID,
			"/v1.0/users/" + john.InvitedUser.ID, "/v1.0/users/" + aline.ID} {
			if !strings.HasSuffix(p, "/") {
				err = errors.Join(err, g.do(ctx, http.MethodDelete, p, nil, nil))
			}
		}
	}()
	if err := g.do(ctx, http.MethodPost, "/v1.0/users", map[string]any{
		"accountEnabled": true, "displayName": "Aline Dupuy", "mailNickname": "AlineD",
		"userPrincipalName": "AlineD@" + domain,
		"passwordProfile":   map[string]any{"forceChangePasswordNextSignIn": true, "password": "xWwvJ]6NMw+bWH-d"},
	}, &aline); err != nil {
		return err
	}
	if err := g.do(ctx, http.MethodPost, "/v1.0/invitations", map[string]any{
		"invitedUserDisplayName": "John Doe (Tailspin Toys)", "invitedUserEmailAddress": "john@tailspintoys.com",
		"sendInvitationMessage": false, "inviteRedirectUrl": "https://myapps.microsoft.com",
	}, &john); err != nil {
		return err
	}
	if err := g.do(ctx, http.MethodPost, "/v1.0/groups", map[string]any{
		"description": "Feelgood Marketing Campaign with external partners and vendors.", "displayName": "Feelgood Marketing Campaign",
		"groupTypes": []string{"Unified"}, "mailEnabled": true, "mailNickname": "FeelGoodCampaign", "securityEnabled": true,
		"owners@odata.bind":  []string{g.base + "/v1.0/users/" + aline.ID},
		"members@odata.bind": []string{g.base + "/v1.0/users/" + john.InvitedUser.ID},
	}, &group); err != nil {
		return err
	}
	var members []object
	if err := list(ctx, g, "/v1.0/groups/"+group.ID+"/members", &members); err != nil {
		return err
	}
	start := time.Now().UTC().Format("2006-01-02")
	if err := g.do(ctx, http.MethodPost, "/v1.0/identityGovernance/accessReviews/definitions", map[string]any{
		"displayName":              "Group owners review guest across Microsoft 365 groups in the tenant (Quarterly)",
		"descriptionForAdmins":     "",
		"descriptionForReviewers":  "",
		"instanceEnumerationScope": map[string]any{"@odata.type": "#microsoft.graph.accessReviewQueryScope", "query": "/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))", "queryType": "MicrosoftGraph"},
		"scope":                    map[string]any{"@odata.type": "#microsoft.graph.accessReviewQueryScope", "query": "./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')", "queryType": "MicrosoftGraph"},
		"reviewers":                []any{map[string]any{"query": "./owners", "queryType": "MicrosoftGraph"}},
		"fallbackReviewers":        []any{map[string]any{"query": "/users/" + aline.ID, "queryType": "MicrosoftGraph"}},
		"settings": map[string]any{
			"mailNotificationsEnabled": true, "reminderNotificationsEnabled": true, "justificationRequiredOnApproval": true,
			"defaultDecisionEnabled": true, "defaultDecision": "Approve", "instanceDurationInDays": 0,
			"autoApplyDecisionsEnabled": true, "recommendationsEnabled": true,
			"recurrence": map[string]any{
				"pattern": map[string]any{"type": "absoluteMonthly", "interval": 3},
				"range":   map[string]any{"type": "noEnd", "startDate": start},
			},
			"applyActions": []any{map[string]any{"@odata.type": "#microsoft.graph.removeAccessApplyAction"}},
		},
	}, &def); err != nil {
		return err
	}
	var instances []object
	if err := list(ctx, g, "/v1.0/identityGovernance/accessReviews/definitions/"+def.ID+"/instances", &instances); err != nil {
		return err
	}
	for _, inst := range instances {
		var decisions []decision
		path := "/v1.0/identityGovernance/accessReviews/definitions/" + def.ID + "/instances/" + inst.ID
		if err := list(ctx, g, path+"/decisions", &decisions); err != nil {
			return err
		}
		for _, d := range decisions {
			fmt.Println(d.Principal.DisplayName, d.Decision, d.Recommendation)
		}
	}
	return nil
}

// list reads every page of a collection into out.
func list[T any](ctx context.Context, g *graph, path string, out *[]T) error {
	for link := g.base + path; link != ""; {
		var page struct {
			Value    []T    `json:"value"`
			NextLink string `json:"@odata.nextLink"`
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
		if err != nil {
			return err
		}
		if err := g.send(req, &page); err != nil {
			return err
		}
		*out = append(*out, page.Value...)
		link = page.NextLink
	}
	return nil
}

// do sends one request with a JSON body and decodes the JSON answer.
func (g *graph) do(ctx context.Context, method, path string, body, out any) error {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, g.base+path, r)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return g.send(req, out)
}

// send adds the token, sends req and decodes a 2xx answer into out.
func (g *graph) send(req *http.Request, out any) error {
	if g.token != "" {
		req.Header.Set("Authorization", "Bearer "+g.token)
	}
	resp, err := g.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s: %s", req.Method, req.URL.Path, resp.Status, data)
	}
	if out == nil || len(data) == 0 {
		return nil
	}
	return json.Unmarshal(data, out)
}
