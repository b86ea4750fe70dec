package accessreviewstest

import (
	"net/http"
	"net/url"
	"strings"
)

// directoryRoutes mounts the directory endpoints the seed tutorials call.
func (s *Server) directoryRoutes() {
	s.route("GET /users", s.listUsers)
	s.route("POST /users", s.createUser)
	s.route("GET /users/{id}", s.getUser)
	s.route("DELETE /users/{id}", s.deleteUser)
	s.route("GET /users/{id}/manager", s.getManager)
	s.route("GET /me", s.getMe)
	s.route("POST /invitations", s.invite)
	s.route("GET /groups", s.listGroups)
	s.route("POST /groups", s.createGroup)
	s.route("GET /groups/{id}", s.getGroup)
	s.route("DELETE /groups/{id}", s.deleteGroup)
	s.route("GET /groups/{id}/members", s.groupMembers(false))
	s.route("GET /groups/{id}/transitiveMembers", s.groupMembers(true))
	s.route("POST /groups/{id}/members/$ref", s.addGroupMember)
	s.route("DELETE /groups/{id}/members/{member}/$ref", s.removeGroupMember)
	s.route("GET /groups/{id}/owners", s.groupOwners)
	s.route("GET /servicePrincipals/{id}", s.getServicePrincipal)
	s.route("GET /servicePrincipals/{id}/owners", s.servicePrincipalOwners)
}

func (s *Server) listUsers(c *call) {
	f, ok := c.Filter()
	if !ok {
		return
	}
	var out []map[string]any
	for _, u := range s.dir.allUsers() {
		if m := userJSON(u); f.Match(m) {
			out = append(out, m)
		}
	}
	writePage(c, out)
}

// lookupUser finds a user by ID or user principal name, as /users/{id}
// accepts both.
func (s *Server) lookupUser(idOrUPN string) (User, bool) {
	if u, ok := s.dir.user(idOrUPN); ok {
		return u, true
	}
	return s.dir.userByUPN(idOrUPN)
}

func (s *Server) getUser(c *call) {
	u, ok := s.lookupUser(c.r.PathValue("id"))
	if !ok {
		c.notFound(c.r.PathValue("id"))
		return
	}
	c.entity(http.StatusOK, "users/$entity", userJSON(u))
}

func (s *Server) getManager(c *call) {
	u, ok := s.lookupUser(c.r.PathValue("id"))
	if !ok {
		c.notFound(c.r.PathValue("id"))
		return
	}
	m, ok := s.dir.user(u.ManagerID)
	if !ok {
		c.Error(http.StatusNotFound, codeDirNotFound, "Resource 'manager' does not exist or one of its queried reference-property objects are not present.")
		return
	}
	body := userJSON(m)
	body["@odata.type"] = "#microsoft.graph.user"
	c.entity(http.StatusOK, "directoryObjects/$entity", body)
}

func (s *Server) getMe(c *call) {
	if c.Caller.UserID == "" {
		c.Error(http.StatusBadRequest, codeBadRequest, "/me request is only valid with delegated authentication flow.")
		return
	}
	u, ok := s.dir.user(c.Caller.UserID)
	if !ok {
		c.notFound(c.Caller.UserID)
		return
	}
	c.entity(http.StatusOK, "users/$entity", userJSON(u))
}

// createUserBody is the part of a POST /users body the fake reads; Graph
// requires every one of these.
type createUserBody struct {
	AccountEnabled    *bool  `json:"accountEnabled"`
	DisplayName       string `json:"displayName"`
	MailNickname      string `json:"mailNickname"`
	UserPrincipalName string `json:"userPrincipalName"`
	Mail              string `json:"mail"`
	UserType          string `json:"userType"`
	PasswordProfile   *struct {
		Password string `json:"password"`
	} `json:"passwordProfile"`
}

func (s *Server) createUser(c *call) {
	var b createUserBody
	if !c.Decode(&b) {
		return
	}
	missing := ""
	switch {
	case b.AccountEnabled == nil:
		missing = "accountEnabled"
	case b.DisplayName == "":
		missing = "displayName"
	case b.MailNickname == "":
		missing = "mailNickname"
	case b.UserPrincipalName == "" || !strings.Contains(b.UserPrincipalName, "@"):
		missing = "userPrincipalName"
	case b.PasswordProfile == nil || b.PasswordProfile.Password == "":
		missing = "passwordProfile"
	}
	if missing != "" {
		c.Error(http.StatusBadRequest, codeDirBadRequest, "Invalid value specified for property '"+missing+"' of resource 'User'.")
		return
	}
	if b.UserType != "Guest" {
		b.UserType = "Member"
	}
	u := User{ID: s.newID(), DisplayName: b.DisplayName, UserPrincipalName: b.UserPrincipalName, Mail: b.Mail, UserType: b.UserType}
	if !s.dir.createUser(u) {
		c.Error(http.StatusBadRequest, codeDirBadRequest, "Another object with the same value for property userPrincipalName already exists.")
		return
	}
	c.entity(http.StatusCreated, "users/$entity", userJSON(u))
}

func (s *Server) deleteUser(c *call) {
	u, ok := s.lookupUser(c.r.PathValue("id"))
	if !ok || !s.dir.deleteUser(u.ID) {
		c.notFound(c.r.PathValue("id"))
		return
	}
	c.NoContent()
}

// invitationBody is a POST /invitations body.
type invitationBody struct {
	InvitedUserDisplayName  string `json:"invitedUserDisplayName"`
	InvitedUserEmailAddress string `json:"invitedUserEmailAddress"`
	InviteRedirectURL       string `json:"inviteRedirectUrl"`
	SendInvitationMessage   bool   `json:"sendInvitationMessage"`
}

// invite creates a Guest user for the invited address (or finds the one
// an earlier invitation created). The guest's user principal name is the
// address itself, as the guest tutorial's decisions show it, rather than
// the "#EXT#" form a real tenant gives.
func (s *Server) invite(c *call) {
	var b invitationBody
	if !c.Decode(&b) {
		return
	}
	switch {
	case !strings.Contains(b.InvitedUserEmailAddress, "@"):
		c.Error(http.StatusBadRequest, codeBadRequest, "The invitedUserEmailAddress is missing or not a valid email address.")
		return
	case b.InviteRedirectURL == "":
		c.Error(http.StatusBadRequest, codeBadRequest, "The inviteRedirectUrl is required.")
		return
	}
	u, found := s.dir.userByUPN(b.InvitedUserEmailAddress)
	if !found {
		name := b.InvitedUserDisplayName
		if name == "" {
			name = b.InvitedUserEmailAddress
		}
		u = User{ID: s.newID(), DisplayName: name, UserPrincipalName: b.InvitedUserEmailAddress,
			Mail: b.InvitedUserEmailAddress, UserType: "Guest"}
		if !s.dir.createUser(u) {
			u, _ = s.dir.userByUPN(b.InvitedUserEmailAddress)
		}
	}
	inviteID := s.newID()
	c.entity(http.StatusCreated, "invitations/$entity", map[string]any{
		"id":                      inviteID,
		"inviteRedeemUrl":         "https://login.microsoftonline.com/redeem?rd=" + url.QueryEscape(inviteID),
		"invitedUserDisplayName":  u.DisplayName,
		"invitedUserEmailAddress": b.InvitedUserEmailAddress,
		"invitedUserType":         "Guest",
		"inviteRedirectUrl":       b.InviteRedirectURL,
		"sendInvitationMessage":   b.SendInvitationMessage,
		"status":                  "PendingAcceptance",
		"invitedUser":             map[string]any{"id": u.ID},
	})
}

// entity writes one object with @odata.context "$metadata#<ctx>" and the
// request's $select applied.
func (c *call) entity(status int, ctx string, body map[string]any) {
	q, ok := c.Query()
	if !ok {
		return
	}
	if len(q.Select) > 0 {
		kept := map[string]any{}
		for k, v := range body {
			if k == "id" || k == "@odata.type" || containsFold(q.Select, k) {
				kept[k] = v
			}
		}
		body = kept
	}
	c.context = c.s.URL + "/" + c.Version + "/$metadata#" + ctx
	c.JSON(status, body)
}

// notFound writes the directory's 404 for an object ID.
func (c *call) notFound(id string) {
	c.Error(http.StatusNotFound, codeDirNotFound, "Resource '"+id+"' does not exist or one of its queried reference-property objects are not present.")
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(strings.TrimSpace(v), s) {
			return true
		}
	}
	return false
}
