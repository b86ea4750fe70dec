package accessreviewstest

import "net/http"

func (s *Server) listGroups(c *call) {
	f, ok := c.Filter()
	if !ok {
		return
	}
	var out []map[string]any
	for _, g := range s.dir.groups() {
		if m := groupJSON(g); f.Match(m) {
			out = append(out, m)
		}
	}
	writePage(c, out)
}

func (s *Server) getGroup(c *call) {
	g, ok := s.dir.group(c.r.PathValue("id"))
	if !ok {
		c.notFound(c.r.PathValue("id"))
		return
	}
	c.entity(http.StatusOK, "groups/$entity", groupJSON(g))
}

// createGroupBody is a POST /groups body, with the members and owners bound
// by URL as the tutorials send them.
type createGroupBody struct {
	DisplayName     string   `json:"displayName"`
	Description     string   `json:"description"`
	MailNickname    string   `json:"mailNickname"`
	GroupTypes      []string `json:"groupTypes"`
	MailEnabled     *bool    `json:"mailEnabled"`
	SecurityEnabled *bool    `json:"securityEnabled"`
	Owners          []string `json:"owners@odata.bind"`
	Members         []string `json:"members@odata.bind"`
}

func (s *Server) createGroup(c *call) {
	var b createGroupBody
	if !c.Decode(&b) {
		return
	}
	missing := ""
	switch {
	case b.DisplayName == "":
		missing = "displayName"
	case b.MailNickname == "":
		missing = "mailNickname"
	case b.MailEnabled == nil:
		missing = "mailEnabled"
	case b.SecurityEnabled == nil:
		missing = "securityEnabled"
	}
	if missing != "" {
		c.Error(http.StatusBadRequest, codeDirBadRequest, "Invalid value specified for property '"+missing+"' of resource 'Group'.")
		return
	}
	owners, ok := s.boundIDs(c, b.Owners)
	if !ok {
		return
	}
	members, ok := s.boundIDs(c, b.Members)
	if !ok {
		return
	}
	g := Group{
		ID: s.newID(), DisplayName: b.DisplayName, Description: b.Description, MailNickname: b.MailNickname,
		GroupTypes: b.GroupTypes, MailEnabled: *b.MailEnabled, SecurityEnabled: *b.SecurityEnabled,
		Members: members, Owners: owners,
	}
	s.dir.createGroup(g)
	body := groupJSON(g)
	body["createdDateTime"] = c.Now().Format("2006-01-02T15:04:05Z")
	c.entity(http.StatusCreated, "groups/$entity", body)
}

// boundIDs reads the object IDs of @odata.bind URLs
// ("https://graph.microsoft.com/v1.0/users/{id}"); every one must exist.
func (s *Server) boundIDs(c *call, urls []string) ([]string, bool) {
	ids := make([]string, 0, len(urls))
	for _, u := range urls {
		id := lastSegment(u)
		if !s.dir.exists(id) {
			c.Error(http.StatusBadRequest, codeDirBadRequest, "Invalid object identifier '"+id+"'.")
			return nil, false
		}
		ids = append(ids, id)
	}
	return ids, true
}

func (s *Server) deleteGroup(c *call) {
	if !s.dir.deleteGroup(c.r.PathValue("id")) {
		c.notFound(c.r.PathValue("id"))
		return
	}
	c.NoContent()
}

// groupMembers lists direct or transitive members as directory objects.
// Transitive lists hold the nested groups too, as Graph's do.
func (s *Server) groupMembers(transitive bool) func(*call) {
	return func(c *call) {
		g, ok := s.dir.group(c.r.PathValue("id"))
		if !ok {
			c.notFound(c.r.PathValue("id"))
			return
		}
		f, ok := c.Filter()
		if !ok {
			return
		}
		ids := g.Members
		if transitive {
			ids = append(s.nestedGroups(g.ID), s.dir.members(g.ID, true)...)
		}
		var out []map[string]any
		for _, id := range ids {
			if m := s.directoryObject(id); m != nil && f.Match(m) {
				out = append(out, m)
			}
		}
		writePage(c, out)
	}
}

// nestedGroups returns the groups nested under groupID, at any depth.
func (s *Server) nestedGroups(groupID string) []string {
	var out []string
	seen := map[string]bool{key(groupID): true}
	queue := []string{groupID}
	for len(queue) > 0 {
		g, _ := s.dir.group(queue[0])
		queue = queue[1:]
		for _, m := range g.Members {
			if s.dir.isGroup(m) && !seen[key(m)] {
				seen[key(m)] = true
				out = append(out, m)
				queue = append(queue, m)
			}
		}
	}
	return out
}

func (s *Server) groupOwners(c *call) {
	if _, ok := s.dir.group(c.r.PathValue("id")); !ok {
		c.notFound(c.r.PathValue("id"))
		return
	}
	var out []map[string]any
	for _, id := range s.dir.owners(c.r.PathValue("id")) {
		if m := s.directoryObject(id); m != nil {
			out = append(out, m)
		}
	}
	writePage(c, out)
}

// directoryObject is a user or group as a member list shows it, with its
// @odata.type; nil for an unknown ID.
func (s *Server) directoryObject(id string) map[string]any {
	if u, ok := s.dir.user(id); ok {
		m := userJSON(u)
		m["@odata.type"] = "#microsoft.graph.user"
		return m
	}
	if g, ok := s.dir.group(id); ok {
		m := groupJSON(g)
		m["@odata.type"] = "#microsoft.graph.group"
		return m
	}
	return nil
}

func (s *Server) addGroupMember(c *call) {
	var b struct {
		ID string `json:"@odata.id"`
	}
	if !c.Decode(&b) {
		return
	}
	gid, id := c.r.PathValue("id"), lastSegment(b.ID)
	if _, ok := s.dir.group(gid); !ok {
		c.notFound(gid)
		return
	}
	if !s.dir.exists(id) {
		c.Error(http.StatusBadRequest, codeDirBadRequest, "Invalid object identifier '"+id+"'.")
		return
	}
	if !s.dir.addMember(gid, id) {
		c.Error(http.StatusBadRequest, codeDirBadRequest, "One or more added object references already exist for the following modified properties: 'members'.")
		return
	}
	c.NoContent()
}

func (s *Server) removeGroupMember(c *call) {
	gid, id := c.r.PathValue("id"), c.r.PathValue("member")
	if !s.dir.removeMember(gid, id) {
		c.notFound(id)
		return
	}
	c.NoContent()
}

func (s *Server) getServicePrincipal(c *call) {
	sp, ok := s.dir.servicePrincipal(c.r.PathValue("id"))
	if !ok {
		c.notFound(c.r.PathValue("id"))
		return
	}
	c.entity(http.StatusOK, "servicePrincipals/$entity", map[string]any{
		"id": sp.ID, "appId": sp.AppID, "displayName": sp.DisplayName,
	})
}

func (s *Server) servicePrincipalOwners(c *call) {
	sp, ok := s.dir.servicePrincipal(c.r.PathValue("id"))
	if !ok {
		c.notFound(c.r.PathValue("id"))
		return
	}
	var out []map[string]any
	for _, id := range sp.Owners {
		if m := s.directoryObject(id); m != nil {
			out = append(out, m)
		}
	}
	writePage(c, out)
}
