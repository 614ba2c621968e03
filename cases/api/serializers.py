"""The shapes of a case, its compartments, consents, referrals and searches in the API."""

from typing import Any

from rest_framework import serializers

from ksmm.api.ech import ECH0011PersonSerializer, ECH0044PersonSerializer
from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation

from ..assignments import assigned_organisation_ids
from ..case_file import current_parties
from ..identity import InvalidBirthDate, parse_birth_date
from ..models import (
    Case,
    Consent,
    CounsellingEntry,
    CounsellingPart,
    EvidenceNote,
    Identity,
    PersonIdentifier,
    Referral,
    ReferralDispatch,
    Sex,
)
from ..policy import CaseAccess, decide
from .ech import ech0011_of, ech0044_of, merge_ech

ECH0044_HELP = (
    "The identity as eCH-0044 v4.1 personIdentification; as input an alternative to official_name, "
    "first_name, sex, date_of_birth and identifiers (where both are sent they must agree)."
)
ECH0011_HELP = (
    "The nationality as eCH-0011 v8.1 nationalityData; as input an alternative to nationality "
    "(where both are sent they must agree)."
)


class CaseSerializer(serializers.ModelSerializer[Case]):
    class Meta:
        model = Case
        fields = [
            "id", "case_number", "pseudonym", "status", "opened_on", "closed_on", "is_minor", "source",
            "exploitation_type", "exploitation_subtypes", "place_of_exploitation", "intake_organisation",
        ]  # fmt: skip
        read_only_fields = fields


# The list's rows are read as values, not through CaseSerializer: the same fields, without a
# model instance and a serializer field per cell (most of the list's own time at 50 rows).
LIST_FIELDS = tuple(CaseSerializer.Meta.fields)


class CaseDetailSerializer(CaseSerializer):
    ohg_hint = serializers.CharField(read_only=True)
    compartments = serializers.SerializerMethodField()
    parties = serializers.SerializerMethodField()
    assigned_parties = serializers.SerializerMethodField(
        help_text="The parties (organisation ids) in which a caseworker answers for the case; who is not given."
    )

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "ohg_hint", "compartments", "parties", "assigned_parties"]
        read_only_fields = fields

    def get_compartments(self, case: Case) -> list[str]:
        return sorted(self._decision(case).readable)

    def _decision(self, case: Case) -> CaseAccess:
        """What the gate decided for this case; a case just taken in has no decision yet, so it
        is made here once and kept for the other fields."""
        access: CaseAccess | None = self.context.get("access")
        if access is not None and access.case.pk == case.pk:
            return access
        made: dict[int, CaseAccess] = self.__dict__.setdefault("_made", {})
        if case.pk not in made:
            made[case.pk] = decide(reader=self.context["caller"], case=case)
        return made[case.pk]

    def get_parties(self, case: Case) -> list[int]:
        return [party.organisation_id for party in current_parties(access=self._decision(case))]

    def get_assigned_parties(self, case: Case) -> list[int]:
        return sorted(assigned_organisation_ids(case=case))


class IntakeSerializer(serializers.Serializer[dict[str, Any]]):
    pseudonym = serializers.CharField(max_length=80)
    opened_on = serializers.DateField()
    # DRF pops declared fields from the class; mypy sees Field.source (a str) being replaced.
    source = serializers.ChoiceField(choices=Case.Source.choices)  # type: ignore[assignment]
    exploitation_type = serializers.ChoiceField(choices=Case.ExploitationType.choices)
    exploitation_subtypes = serializers.ListField(
        child=serializers.ChoiceField(choices=Case.ExploitationSubtype.choices), required=False
    )
    place_of_exploitation = serializers.ChoiceField(choices=Case.Place.choices)
    official_name = serializers.CharField(max_length=100, required=False, allow_blank=True, write_only=True)
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True, write_only=True)
    date_of_birth = serializers.CharField(max_length=10, required=False, allow_blank=True, write_only=True)
    age_in_doubt = serializers.BooleanField(required=False, default=False, write_only=True)
    ech0044 = ECH0044PersonSerializer(required=False, write_only=True, help_text=ECH0044_HELP)
    ech0011 = ECH0011PersonSerializer(required=False, write_only=True, help_text=ECH0011_HELP)

    def validate_date_of_birth(self, value: str) -> str:
        return _valid_birth_date(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return merge_ech(attrs, given=self.initial_data)


def _valid_birth_date(value: str) -> str:
    value = value.strip()
    if value:
        try:
            parse_birth_date(value)
        except InvalidBirthDate as error:
            raise serializers.ValidationError(str(error)) from error
    return value


class CoordinationContactSerializer(serializers.Serializer[Any]):
    """A canton where a possible match is known and its round-table coordination: nothing more."""

    code = serializers.CharField(read_only=True)
    canton = serializers.CharField(read_only=True)
    organisation = serializers.CharField(read_only=True)
    phone = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)


class IntakeResultSerializer(CaseDetailSerializer):
    possible_duplicates = serializers.IntegerField(read_only=True)
    # Empty for a caller who may not read the identity compartment.
    possible_matches_elsewhere = CoordinationContactSerializer(many=True, read_only=True)

    class Meta(CaseDetailSerializer.Meta):
        fields = [*CaseDetailSerializer.Meta.fields, "possible_duplicates", "possible_matches_elsewhere"]
        read_only_fields = fields


class IdentifierSerializer(serializers.Serializer[PersonIdentifier]):
    category = serializers.ChoiceField(choices=PersonIdentifier.Category.choices)
    value = serializers.CharField(max_length=60)


class IdentitySerializer(serializers.Serializer[Identity]):
    official_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    aliases = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list)
    sex = serializers.ChoiceField(choices=Sex.choices, default=Sex.UNKNOWN)
    date_of_birth = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    age_in_doubt = serializers.BooleanField(required=False, default=False)
    nationality = serializers.RegexField(r"^[A-Z]{2}$", required=False, allow_blank=True, default="")
    languages = serializers.ListField(child=serializers.RegexField(r"^[a-z]{2,3}$"), required=False, default=list)
    interpreter_needed = serializers.BooleanField(required=False, default=False)
    interpreter_notes = serializers.CharField(required=False, allow_blank=True, default="")
    identifiers = IdentifierSerializer(many=True, required=False, default=list)
    ech0044 = ECH0044PersonSerializer(required=False, help_text=ECH0044_HELP)
    ech0011 = ECH0011PersonSerializer(required=False, help_text=ECH0011_HELP)

    def validate_date_of_birth(self, value: str) -> str:
        return _valid_birth_date(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return merge_ech(attrs, given=self.initial_data)

    def to_representation(self, instance: Identity) -> dict[str, Any]:
        # The view hands the case number over; read from the case it would cost a query.
        case_number = self.context.get("case_number") or instance.case.case_number
        return {
            "official_name": instance.official_name,
            "first_name": instance.first_name,
            "aliases": instance.alias_list,
            "sex": instance.sex,
            "date_of_birth": instance.date_of_birth,
            "age_in_doubt": instance.age_in_doubt,
            "nationality": instance.nationality,
            "languages": instance.languages,
            "interpreter_needed": instance.interpreter_needed,
            "interpreter_notes": instance.interpreter_notes,
            "identifiers": [
                {"category": identifier.category, "value": identifier.value}
                for identifier in instance.identifiers.all()
            ],
            "ech0044": ech0044_of(instance, case_number=case_number),
            "ech0011": ech0011_of(instance),
        }


class CounsellingEntrySerializer(serializers.ModelSerializer[CounsellingEntry]):
    class Meta:
        model = CounsellingEntry
        fields = ["id", "part", "occurred_on", "text", "author_organisation", "created_at"]
        read_only_fields = ["id", "author_organisation", "created_at"]
        # No default: the part decides who reads the note through a consent.
        extra_kwargs = {"part": {"required": True}}


class EvidenceNoteSerializer(serializers.ModelSerializer[EvidenceNote]):
    class Meta:
        model = EvidenceNote
        fields = ["id", "reference", "text", "author_organisation", "created_at"]
        read_only_fields = ["id", "author_organisation", "created_at"]


class ConsentSerializer(serializers.ModelSerializer[Consent]):
    basis = serializers.ChoiceField(choices=Consent.Basis.choices, default=Consent.Basis.CONSENT)
    exception_purpose = serializers.ChoiceField(
        choices=Consent.ExceptionPurpose.choices, required=False, allow_blank=True, default="",
        help_text="Required for the minor_at_risk basis, empty for a consent.",
    )  # fmt: skip
    scope = serializers.ListField(child=serializers.ChoiceField(choices=CounsellingPart.choices))
    recipient_organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    justification = serializers.CharField(required=False, allow_blank=True, write_only=True, default="")

    class Meta:
        model = Consent
        fields = [
            "id", "basis", "exception_purpose", "purpose", "recipient_organisation", "scope", "given_on",
            "justification", "recorded_by_organisation", "recorded_at", "revoked_at", "revocation_reason",
        ]  # fmt: skip
        read_only_fields = ["id", "recorded_by_organisation", "recorded_at", "revoked_at", "revocation_reason"]


class TimelineEntrySerializer(serializers.Serializer[Any]):
    when = serializers.DateTimeField()
    compartment = serializers.ChoiceField(choices=Compartment.choices)
    title = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField()


class ReferralDispatchSerializer(serializers.ModelSerializer[ReferralDispatch]):
    class Meta:
        model = ReferralDispatch
        fields = ["id", "method", "sent_on", "language", "note", "recorded_at"]
        read_only_fields = fields


class ReferralSerializer(serializers.ModelSerializer[Referral]):
    # A plain id, resolved through the gate: a missing case and one the caller may not see both
    # answer 404, so the field tells nothing about which case ids exist.
    case = serializers.IntegerField(source="case_id")
    to_organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.filter(is_active=True))
    compartments = serializers.ListField(child=serializers.ChoiceField(choices=Compartment.choices), required=False)
    # How a referral by letter went out (cases/letters.py); empty for one answered on the platform.
    dispatches = ReferralDispatchSerializer(many=True, read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id", "case", "from_organisation", "to_organisation", "compartments", "message", "status", "channel",
            "decline_reason", "requested_at", "decided_at", "closed_at", "answered_on", "dispatches",
        ]  # fmt: skip
        read_only_fields = [
            "id", "from_organisation", "status", "channel", "decline_reason", "requested_at", "decided_at",
            "closed_at", "answered_on", "dispatches",
        ]  # fmt: skip


class DeclineSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


class CaseSearchSerializer(serializers.Serializer[Any]):
    """The body of POST /api/v1/cases/search/: a name or a birth date never goes in the URL."""

    q = serializers.CharField(
        max_length=80, required=False, allow_blank=True, default="", help_text="Case number or pseudonym (part of it)."
    )
    name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="",
        help_text="Full name or family name; finds only cases whose identity the caller may read.",
    )  # fmt: skip
    birth = serializers.CharField(
        max_length=10, required=False, allow_blank=True, default="",
        help_text="1990, 1990-04 or 1990-04-17; finds only cases whose identity the caller may read.",
    )  # fmt: skip
    status = serializers.ChoiceField(choices=Case.Status.choices, required=False, allow_blank=True, default="")

    def validate_birth(self, value: str) -> str:
        return _valid_birth_date(value)
