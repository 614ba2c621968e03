"""Case pages: thin views over access_case, the queries and one action each."""
