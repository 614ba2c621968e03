"""The round table itself: mandate, scope, chair, steward and members."""
