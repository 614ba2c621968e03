"""The co-operation agreement: its versions, sections, duties, signatories and sharing matrix."""
