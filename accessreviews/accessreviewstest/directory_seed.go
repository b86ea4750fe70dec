package accessreviewstest

import (
	"fmt"
	"time"
)

// IDs of the seed directories' objects, as the tutorials show them.
const (
	// GuestTutorialAdminID is the administrator who runs the guest tutorial
	// ("MOD Administrator"); sign in as this user with ClientAs.
	GuestTutorialAdminID = "cdb555e3-b33e-4fd5-a427-17fadacbdfa7"
	// SelfReviewAdminID is the administrator of the self-review tutorial,
	// also one of the group's two owners.
	SelfReviewAdminID = "b828cc0e-4240-46ed-bb25-888744487e2d"
	// SelfReviewOwnerID is the group's other owner.
	SelfReviewOwnerID = "010b2de0-0ed4-4ece-bfa2-22fff71d0497"
	// SelfReviewAlexID and SelfReviewAllanID are the two members under
	// review (Alex Wilber, Allan Deyoung).
	SelfReviewAlexID  = "43b12b0c-ee2c-4257-96fe-505d823e06ab"
	SelfReviewAllanID = "859924d0-7115-422a-9ee8-ea8c0c014707"
	// LargeGroupID is the group of LargeGroupDirectory, and
	// LargeGroupOwnerID its owner.
	LargeGroupID      = "1a7e0000-0000-4000-8000-000000000001"
	LargeGroupOwnerID = "1a7e0000-0000-4000-8000-000000000002"
)

// GuestTutorialDirectory is the tenant as it stands before step 1 of the
// tutorial "Review guest access to your Microsoft 365 groups": only the
// administrator who runs it, a Global Administrator as the tutorial asks. The tutorial's own steps create Aline Dupuy
// (POST /users), the guest John Doe (POST /invitations) and the
// "Feelgood Marketing Campaign" group (POST /groups); the server gives them
// fresh IDs from its seed, so a test reads them from the responses as the
// tutorial tells its reader to.
func GuestTutorialDirectory() Directory {
	return Directory{
		Users: []User{{
			ID: GuestTutorialAdminID, DisplayName: "MOD Administrator",
			UserPrincipalName: "admin@contoso.com", Mail: "admin@contoso.com",
			UserType: "Member", LastSignIn: defaultStart.AddDate(0, 0, -1),
		}},
		// "Sign in to Graph Explorer as a user in a global administrator role."
		Roles: []Role{NewRole(RoleGlobalAdministrator, GuestTutorialAdminID)},
	}
}

// SelfReviewTutorialDirectory is the tenant before step 1 of the tutorial
// "Review access to your security groups": the administrator (a Global
// Administrator, as the tutorial asks, and an owner), a second owner, and the two members Alex Wilber and Allan
// Deyoung, who signed in recently (so their recommendation is Approve, as
// the tutorial shows). Step 1 creates "Building security group" with POST
// /groups.
func SelfReviewTutorialDirectory() Directory {
	recent := defaultStart.AddDate(0, 0, -3)
	return Directory{Users: []User{
		{ID: SelfReviewAdminID, DisplayName: "MOD Administrator", UserPrincipalName: "admin@contoso.com",
			Mail: "admin@contoso.com", UserType: "Member", LastSignIn: recent},
		{ID: SelfReviewOwnerID, DisplayName: "Megan Bowen", UserPrincipalName: "MeganB@contoso.com",
			Mail: "MeganB@contoso.com", UserType: "Member", LastSignIn: recent},
		{ID: SelfReviewAlexID, DisplayName: "Alex Wilber", UserPrincipalName: "AlexW@contoso.com",
			Mail: "AlexW@contoso.com", UserType: "Member", LastSignIn: recent, ManagerID: SelfReviewOwnerID},
		{ID: SelfReviewAllanID, DisplayName: "Allan Deyoung", UserPrincipalName: "AllanD@contoso.com",
			Mail: "AllanD@contoso.com", UserType: "Member", LastSignIn: recent, ManagerID: SelfReviewOwnerID},
	},
		// "Log in to Microsoft Graph Explorer as a user in a global
		// administrator role."
		Roles: []Role{NewRole(RoleGlobalAdministrator, SelfReviewAdminID)},
	}
}

// LargeGroupDirectory is a tenant with one Microsoft 365 group
// (LargeGroupID, owned by LargeGroupOwnerID) of n member users, for
// benchmarks and paging tests. It is deterministic: the ID of user i (from
// 0) ends in i in hexadecimal, every tenth user is a guest, and sign-ins
// cycle over four cases relative to the default clock — a day ago, 10 days
// ago, 90 days ago (inactive under the default 30-day look-back) and
// never.
func LargeGroupDirectory(n int) Directory {
	n = max(n, 0)
	owner := User{ID: LargeGroupOwnerID, DisplayName: "Large group owner", UserPrincipalName: "owner@contoso.com",
		UserType: "Member", LastSignIn: defaultStart.AddDate(0, 0, -1)}
	users := make([]User, 0, n+1)
	users = append(users, owner)
	members := make([]string, 0, n)
	for i := range n {
		u := User{
			ID:                largeGroupUserID(i),
			DisplayName:       fmt.Sprintf("User %d", i),
			UserPrincipalName: fmt.Sprintf("user%d@contoso.com", i),
			UserType:          "Member",
			ManagerID:         LargeGroupOwnerID,
		}
		if i%10 == 9 {
			u.UserType = "Guest"
			u.UserPrincipalName = fmt.Sprintf("guest%d@fabrikam.com", i)
		}
		switch i % 4 {
		case 0:
			u.LastSignIn = defaultStart.Add(-24 * time.Hour)
		case 1:
			u.LastSignIn = defaultStart.AddDate(0, 0, -10)
		case 2:
			u.LastSignIn = defaultStart.AddDate(0, 0, -90)
		}
		users = append(users, u)
		members = append(members, u.ID)
	}
	return Directory{
		Users: users,
		Groups: []Group{{
			ID: LargeGroupID, DisplayName: "Large group", MailNickname: "largegroup",
			GroupTypes: []string{"Unified"}, MailEnabled: true, SecurityEnabled: false,
			Members: members, Owners: []string{LargeGroupOwnerID},
		}},
	}
}

// largeGroupUserID returns the ID of user i of LargeGroupDirectory.
func largeGroupUserID(i int) string {
	return fmt.Sprintf("1a7e0001-0000-4000-8000-%012x", uint64(i)&0xffffffffffff)
}
