#!/usr/bin/env bash
# Rewrites docs/openapi/auth.json and docs/openapi/api.json from what the reference platform's auth and api
# origins serve at /openapi/v1.json (after a change to the REST API), then checks them. Commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
filter="FullyQualifiedName~Contract.OpenApiDocumentTests"
ACCEPTANCE_UPDATE_CONTRACT=1 dotnet test tests/ReferencePlatform.Tests --filter "$filter"
dotnet test tests/ReferencePlatform.Tests --no-build --filter "$filter"
git status --short docs/openapi
