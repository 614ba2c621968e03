"""Attachments over the API: the list of a case (POST uploads, multipart), and the download.

Same gate, policy and actions as the pages: a client reads the attachments of the compartments
its scopes and its organisation's grants open (counselling: none, it has no scope); uploads are
made by people (no client holds `cases:write`). Errors are problems (application/problem+json).
"""

import io
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from cases.access import access_case
from cases.models import CounsellingPart
from ksmm.accounts.models import User
from ksmm.api.identity import Caller, caller_for
from ksmm.api.scopes import PEOPLE_ONLY, Scope
from ksmm.api.writes import SafeWritesMixin
from ksmm.compartments import Compartment

from . import actions
from .access import access_attachment
from .access import download as read_attachment
from .models import Attachment, AttachmentKind, ContentType
from .queries import readable_attachments
from .views import LIST_PURPOSE, filename

WRITE_SCOPES = PEOPLE_ONLY  # no write scope covers uploads: people only


def _caller(request: Request) -> Caller:
    caller = caller_for(request)
    if caller is None:
        raise Http404
    return caller


class AttachmentSerializer(serializers.ModelSerializer[Attachment]):
    """An attachment's description; its bytes are at `download`."""

    counselling_part = serializers.ChoiceField(choices=CounsellingPart.choices, allow_blank=True, read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id", "compartment", "counselling_part", "kind", "title", "content_type", "size", "sha256",
            "uploaded_by_organisation", "uploaded_at", "download",
        ]  # fmt: skip
        read_only_fields = fields

    def get_download(self, attachment: Attachment) -> str:
        return reverse(
            "api:case-attachment-download",
            args=[attachment.case_id, attachment.pk],
            request=self.context.get("request"),
        )


class UploadSerializer(serializers.Serializer[Any]):
    compartment = serializers.ChoiceField(choices=Compartment.choices)
    counselling_part = serializers.CharField(required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)
    title = serializers.CharField(max_length=120)
    file = serializers.FileField()


class AttachmentList(SafeWritesMixin, GenericAPIView[Attachment]):
    serializer_class = AttachmentSerializer
    pagination_class = None
    parser_classes = [MultiPartParser]
    read_scopes = (Scope.CORE,)
    write_scopes = WRITE_SCOPES

    def get_queryset(self) -> QuerySet[Attachment]:
        return Attachment.objects.none()

    @extend_schema(operation_id="cases_attachments_list", responses=AttachmentSerializer(many=True))
    def get(self, request: Request, case_id: int) -> Response:
        access = access_case(
            membership=_caller(request), case_id=case_id, request=request, purpose=LIST_PURPOSE,
            shows=Compartment.values,
        )  # fmt: skip
        rows = access.loaded("attachments", lambda: list(readable_attachments(access=access)))
        return Response(self.get_serializer(rows, many=True).data)

    @extend_schema(
        operation_id="cases_attachments_create",
        request={"multipart/form-data": UploadSerializer},
        responses={201: AttachmentSerializer},
    )
    def post(self, request: Request, case_id: int) -> Response:
        caller = _caller(request)
        if not isinstance(request.user, User):
            raise exceptions.PermissionDenied()
        access_case(membership=caller, case_id=case_id, request=request)  # 404 before any word on the body
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        access = access_case(
            membership=caller, case_id=case_id, compartment=data["compartment"], write=True, request=request
        )
        file = data["file"]
        try:
            attachment = actions.check_upload(
                acting_user=request.user,
                organisation=caller.organisation,
                case=access.case,
                compartment=data["compartment"],
                counselling_part=data["counselling_part"],
                kind=data["kind"],
                title=data["title"],
                data=file.read(),
                name=file.name or "",
                size=file.size,
                request=request,
            )
        except ValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return Response(self.get_serializer(attachment).data, status=status.HTTP_201_CREATED)

    def replay_post(self, object_id: str) -> dict[str, Any]:
        """A replayed upload answers with the attachment it created, read through the gate again."""
        _access, attachment = access_attachment(
            reader=_caller(self.request), case_id=self.kwargs["case_id"], attachment_id=object_id, request=self.request
        )
        return dict(self.get_serializer(attachment).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="cases_attachments_download",
        responses={(200, content_type): OpenApiTypes.BINARY for content_type in ContentType.values},
    )
)
class AttachmentDownload(SafeWritesMixin, GenericAPIView[Attachment]):
    """The bytes of one attachment, decrypted for a reader of its compartment; the read is recorded."""

    read_scopes = (Scope.CORE,)

    def get_queryset(self) -> QuerySet[Attachment]:
        return Attachment.objects.none()

    def get(self, request: Request, case_id: int, pk: int) -> FileResponse:
        access, attachment = access_attachment(
            reader=_caller(request), case_id=case_id, attachment_id=pk, request=request
        )
        data = read_attachment(access=access, attachment=attachment, request=request)
        response = FileResponse(
            io.BytesIO(data),
            as_attachment=True,
            filename=filename(case_number=access.case.case_number, attachment=attachment),
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
