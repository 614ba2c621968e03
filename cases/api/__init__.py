"""Cases over the API, through the same gate, policy and actions as the pages.

People (session) and cantonal systems (OAuth2 client bound to an organisation) read alike;
writes need a person, because every change of a case names who made it."""
