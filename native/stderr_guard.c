/*
 * Silences the process's standard error (file descriptor 2) while a native library loads, and
 * restores it: TensorFlow prints notes at load time ("oneDNN custom operations are on") before
 * its logging reads TF_CPP_MIN_LOG_LEVEL. Used by src/runtime/backend.ts around loading
 * tfjs-node; no TensorFlow linked here.
 *   silence() -> true when silenced; restore() -> undefined
 */
#include <fcntl.h>
#include <node_api.h>
#include <unistd.h>

static int saved = -1;

static napi_value silence(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  int ok = 0;
  if (saved < 0) {
    int null_fd = open("/dev/null", O_WRONLY);
    if (null_fd >= 0) {
      saved = dup(2);
      if (saved >= 0 && dup2(null_fd, 2) >= 0) ok = 1;
      close(null_fd);
    }
  }
  napi_get_boolean(env, ok, &result);
  return result;
}

static napi_value restore(napi_env env, napi_callback_info info) {
  (void)env;
  (void)info;
  if (saved >= 0) {
    dup2(saved, 2);
    close(saved);
    saved = -1;
  }
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor properties[] = {
      {"silence", NULL, silence, NULL, NULL, NULL, napi_default, NULL},
      {"restore", NULL, restore, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, 2, properties);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
