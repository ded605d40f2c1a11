// Umbrella header for the protoc-c output of proto/depeche/v1.
// The files beside it are generated: run `swift package generate-proto` after editing proto/.
#include "depeche/v1/document.pb-c.h"
#include "depeche/v1/stage.pb-c.h"
#include "grpc/health/v1/health.pb-c.h"
