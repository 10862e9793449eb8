"""The API's search: ``GET search/?q=&type=comments|articles``, visible content only, best first."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from board import search
from board.api import serializers as s
from board.api.views.base import CURSOR, BoardViewSet, errors, page_size_parameter

# Reads are not throttled elsewhere; a search costs an index lookup and a ranking, so it has its own scopes
# (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]): per account when signed in, per address when anonymous.
SEARCH_SCOPE, SEARCH_ANONYMOUS_SCOPE = "search", "search_anonymous"


class SearchViewSet(BoardViewSet):
    def get_throttles(self):
        self.throttle_scope = SEARCH_SCOPE if self.request.user.is_authenticated else SEARCH_ANONYMOUS_SCOPE
        return [ScopedRateThrottle()]

    @extend_schema(
        tags=["search"],
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                required=True,
                description=(
                    f"What to search for, 1 to {search.SEARCH_QUERY_MAX_LENGTH} characters: every word must "
                    "match; Chinese, Japanese, Korean and Thai match within words."
                ),
            ),
            OpenApiParameter(
                "type", OpenApiTypes.STR, enum=list(search.SEARCH_TYPES), description="Default: comments."
            ),
            CURSOR,
            page_size_parameter(search.SEARCH_PAGE_SIZE, search.SEARCH_PAGE_SIZE_MAX),
        ],
        responses={200: s.SearchPageSerializer, **errors(400, 429)},
        description=(
            "Visible comments or articles matching `q`, the most relevant first, then the newest. The ranking "
            f"considers the newest {search.SEARCH_RANK_WINDOW} matches. `excerpt` (and an article's `title`) "
            "is escaped HTML with the matched words in `<mark>`."
        ),
    )
    def list(self, request):
        params = s.SearchInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        page = search.search_page(
            search.search_query_clean(data["q"]),
            kind=data["type"],
            cursor=data.get("cursor") or None,
            page_size=data.get("page_size") or search.SEARCH_PAGE_SIZE,
        )
        results = s.SearchResultSerializer(page.items, many=True, context=self.context()).data
        return Response({"next": self.next_url(page.next_cursor), "results": results})
