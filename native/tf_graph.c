/*
 * A TensorFlow graph and session for Node.js, through TensorFlow's C API (the library
 * tfjs-node already loads). It does only what src/runtime/tf-graph.ts needs to build a
 * training step once and run it once per batch:
 *
 *   newGraph()                                  -> graph
 *   addOp(graph, type, name, inputs, attrs, controlInputs) -> number of outputs
 *   addGradients(graph, prefix, ys, xs)         -> [{op, index}] (d sum(ys) / d xs)
 *   newSession(graph, configProtoBytes)         -> session
 *   run(session, feeds, fetches, targets[, runOptionsBytes])
 *                                               -> [{dtype, shape, data}] (with .metadata: the
 *                                                  serialized RunMetadata when options are given)
 *   closeSession(session)
 *
 * An output is {op, index}; an input is an output or an array of outputs (a list input).
 * An attribute is [name, kind, value] with kind one of type, types, int, ints, float, bool,
 * string, shape, tensor ({dtype, shape, data}). Values cross as typed arrays (float32 or
 * int32) with their shape. Every failure throws a JavaScript Error with TensorFlow's message.
 */
#include <node_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tensorflow/c/c_api.h>

#define MAX_NAME 512
#define MAX_DIMS 8
#define MAX_LIST 256

#define CHECK_NAPI(env, call)                                   \
  do {                                                          \
    if ((call) != napi_ok) {                                    \
      napi_throw_error((env), NULL, "tf_graph: N-API call failed: " #call); \
      return NULL;                                              \
    }                                                           \
  } while (0)

typedef struct {
  TF_Graph* graph;
} Graph;

typedef struct {
  TF_Session* session;
  TF_Graph* graph; /* borrowed: the graph object must outlive the session (JS keeps both) */
} Session;

static napi_value throw_error(napi_env env, const char* message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

static napi_value throw_status(napi_env env, const char* what, TF_Status* status) {
  char message[2048];
  snprintf(message, sizeof message, "%s: %s", what, TF_Message(status));
  TF_DeleteStatus(status);
  return throw_error(env, message);
}

static int get_string(napi_env env, napi_value value, char* out, size_t size) {
  size_t length = 0;
  if (napi_get_value_string_utf8(env, value, out, size, &length) != napi_ok) return 0;
  return length < size - 1;
}

static napi_value named(napi_env env, napi_value object, const char* key) {
  napi_value value;
  napi_get_named_property(env, object, key, &value);
  return value;
}

static int get_int(napi_env env, napi_value value, int64_t* out) {
  return napi_get_value_int64(env, value, out) == napi_ok;
}

static void graph_finalize(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  Graph* g = (Graph*)data;
  TF_DeleteGraph(g->graph);
  free(g);
}

static void session_finalize(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  Session* s = (Session*)data;
  if (s->session) {
    TF_Status* status = TF_NewStatus();
    TF_CloseSession(s->session, status);
    TF_DeleteSession(s->session, status);
    TF_DeleteStatus(status);
  }
  free(s);
}

static Graph* get_graph(napi_env env, napi_value value) {
  void* data = NULL;
  if (napi_get_value_external(env, value, &data) != napi_ok) return NULL;
  return (Graph*)data;
}

/* {op, index} -> TF_Output; 0 when the op is missing (an error is thrown). */
static int get_output(napi_env env, TF_Graph* graph, napi_value value, TF_Output* out) {
  char name[MAX_NAME];
  int64_t index = 0;
  if (!get_string(env, named(env, value, "op"), name, sizeof name) || !get_int(env, named(env, value, "index"), &index)) {
    throw_error(env, "tf_graph: an output must be {op: string, index: number}");
    return 0;
  }
  TF_Operation* op = TF_GraphOperationByName(graph, name);
  if (!op) {
    char message[MAX_NAME + 64];
    snprintf(message, sizeof message, "tf_graph: no operation named '%s' in the graph", name);
    throw_error(env, message);
    return 0;
  }
  out->oper = op;
  out->index = (int)index;
  return 1;
}

static int get_outputs(napi_env env, TF_Graph* graph, napi_value array, TF_Output** out, uint32_t* count) {
  napi_get_array_length(env, array, count);
  *out = (TF_Output*)calloc(*count ? *count : 1, sizeof(TF_Output));
  for (uint32_t i = 0; i < *count; i++) {
    napi_value item;
    napi_get_element(env, array, i, &item);
    if (!get_output(env, graph, item, &(*out)[i])) {
      free(*out);
      *out = NULL;
      return 0;
    }
  }
  return 1;
}

static int get_int_list(napi_env env, napi_value array, int64_t* out, uint32_t max, uint32_t* count) {
  napi_get_array_length(env, array, count);
  if (*count > max) return 0;
  for (uint32_t i = 0; i < *count; i++) {
    napi_value item;
    napi_get_element(env, array, i, &item);
    if (!get_int(env, item, &out[i])) return 0;
  }
  return 1;
}

static size_t dtype_size(TF_DataType dtype) { return dtype == TF_FLOAT || dtype == TF_INT32 ? 4 : 0; }

/* {dtype, shape, data} -> a new TF_Tensor holding a copy of data; NULL on error (thrown). */
static TF_Tensor* get_tensor(napi_env env, napi_value value) {
  int64_t dtype = 0;
  int64_t dims[MAX_DIMS];
  uint32_t rank = 0;
  if (!get_int(env, named(env, value, "dtype"), &dtype) || dtype_size((TF_DataType)dtype) == 0 ||
      !get_int_list(env, named(env, value, "shape"), dims, MAX_DIMS, &rank)) {
    throw_error(env, "tf_graph: a tensor must be {dtype: TF_FLOAT or TF_INT32, shape: number[], data: typed array}");
    return NULL;
  }
  napi_typedarray_type type;
  size_t length = 0;
  void* data = NULL;
  if (napi_get_typedarray_info(env, named(env, value, "data"), &type, &length, &data, NULL, NULL) != napi_ok ||
      (type != napi_float32_array && type != napi_int32_array)) {
    throw_error(env, "tf_graph: tensor data must be a Float32Array or Int32Array");
    return NULL;
  }
  size_t elements = 1;
  for (uint32_t i = 0; i < rank; i++) elements *= (size_t)dims[i];
  if (elements != length) {
    throw_error(env, "tf_graph: tensor data length does not match its shape");
    return NULL;
  }
  size_t bytes = elements * dtype_size((TF_DataType)dtype);
  TF_Tensor* tensor = TF_AllocateTensor((TF_DataType)dtype, dims, (int)rank, bytes);
  if (bytes) memcpy(TF_TensorData(tensor), data, bytes);
  return tensor;
}

static napi_value tensor_value(napi_env env, TF_Tensor* tensor) {
  TF_DataType dtype = TF_TensorType(tensor);
  int rank = TF_NumDims(tensor);
  napi_value result, shape, buffer, array, number;
  CHECK_NAPI(env, napi_create_object(env, &result));
  CHECK_NAPI(env, napi_create_array_with_length(env, rank, &shape));
  size_t elements = 1;
  for (int i = 0; i < rank; i++) {
    int64_t d = TF_Dim(tensor, i);
    elements *= (size_t)d;
    CHECK_NAPI(env, napi_create_int64(env, d, &number));
    CHECK_NAPI(env, napi_set_element(env, shape, i, number));
  }
  size_t size = dtype_size(dtype);
  if (size == 0) return throw_error(env, "tf_graph: only float32 and int32 outputs can be fetched");
  void* data = NULL;
  CHECK_NAPI(env, napi_create_arraybuffer(env, elements * size, &data, &buffer));
  if (elements) memcpy(data, TF_TensorData(tensor), elements * size);
  CHECK_NAPI(env, napi_create_typedarray(env, dtype == TF_FLOAT ? napi_float32_array : napi_int32_array, elements,
                                         buffer, 0, &array));
  CHECK_NAPI(env, napi_create_int32(env, (int32_t)dtype, &number));
  CHECK_NAPI(env, napi_set_named_property(env, result, "dtype", number));
  CHECK_NAPI(env, napi_set_named_property(env, result, "shape", shape));
  CHECK_NAPI(env, napi_set_named_property(env, result, "data", array));
  return result;
}

static napi_value new_graph(napi_env env, napi_callback_info info) {
  (void)info;
  Graph* g = (Graph*)calloc(1, sizeof(Graph));
  g->graph = TF_NewGraph();
  napi_value result;
  CHECK_NAPI(env, napi_create_external(env, g, graph_finalize, NULL, &result));
  return result;
}

/* Sets one [name, kind, value] attribute; 0 on error (thrown). */
static int set_attr(napi_env env, TF_OperationDescription* desc, napi_value attr) {
  napi_value v_name, v_kind, value;
  napi_get_element(env, attr, 0, &v_name);
  napi_get_element(env, attr, 1, &v_kind);
  napi_get_element(env, attr, 2, &value);
  char name[MAX_NAME], kind[16];
  if (!get_string(env, v_name, name, sizeof name) || !get_string(env, v_kind, kind, sizeof kind)) {
    throw_error(env, "tf_graph: an attribute must be [name, kind, value]");
    return 0;
  }
  int64_t n = 0;
  int64_t list[MAX_LIST];
  uint32_t count = 0;
  if (strcmp(kind, "type") == 0 && get_int(env, value, &n)) {
    TF_SetAttrType(desc, name, (TF_DataType)n);
  } else if (strcmp(kind, "types") == 0 && get_int_list(env, value, list, MAX_LIST, &count)) {
    TF_DataType types[MAX_LIST];
    for (uint32_t i = 0; i < count; i++) types[i] = (TF_DataType)list[i];
    TF_SetAttrTypeList(desc, name, types, (int)count);
  } else if (strcmp(kind, "int") == 0 && get_int(env, value, &n)) {
    TF_SetAttrInt(desc, name, n);
  } else if (strcmp(kind, "ints") == 0 && get_int_list(env, value, list, MAX_LIST, &count)) {
    TF_SetAttrIntList(desc, name, list, (int)count);
  } else if (strcmp(kind, "float") == 0) {
    double d = 0;
    if (napi_get_value_double(env, value, &d) != napi_ok) goto bad;
    TF_SetAttrFloat(desc, name, (float)d);
  } else if (strcmp(kind, "bool") == 0) {
    bool b = false;
    if (napi_get_value_bool(env, value, &b) != napi_ok) goto bad;
    TF_SetAttrBool(desc, name, b ? 1 : 0);
  } else if (strcmp(kind, "string") == 0) {
    char s[MAX_NAME];
    if (!get_string(env, value, s, sizeof s)) goto bad;
    TF_SetAttrString(desc, name, s, strlen(s));
  } else if (strcmp(kind, "shape") == 0 && get_int_list(env, value, list, MAX_DIMS, &count)) {
    TF_SetAttrShape(desc, name, list, (int)count);
  } else if (strcmp(kind, "tensor") == 0) {
    TF_Tensor* tensor = get_tensor(env, value);
    if (!tensor) return 0;
    TF_Status* status = TF_NewStatus();
    TF_SetAttrTensor(desc, name, tensor, status);
    TF_DeleteTensor(tensor);
    if (TF_GetCode(status) != TF_OK) {
      throw_status(env, name, status);
      return 0;
    }
    TF_DeleteStatus(status);
  } else {
    goto bad;
  }
  return 1;
bad : {
  char message[MAX_NAME + 64];
  snprintf(message, sizeof message, "tf_graph: attribute '%s' of kind '%s' has a bad value", name, kind);
  throw_error(env, message);
  return 0;
}
}

static napi_value add_op(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Graph* g = get_graph(env, argv[0]);
  char type[MAX_NAME], name[MAX_NAME];
  if (!g || argc < 6 || !get_string(env, argv[1], type, sizeof type) || !get_string(env, argv[2], name, sizeof name))
    return throw_error(env, "tf_graph: addOp(graph, type, name, inputs, attrs, controlInputs)");
  TF_OperationDescription* desc = TF_NewOperation(g->graph, type, name);
  uint32_t n_inputs = 0;
  napi_get_array_length(env, argv[3], &n_inputs);
  for (uint32_t i = 0; i < n_inputs; i++) {
    napi_value input;
    bool is_list = false;
    napi_get_element(env, argv[3], i, &input);
    napi_is_array(env, input, &is_list);
    if (is_list) {
      TF_Output* list = NULL;
      uint32_t count = 0;
      if (!get_outputs(env, g->graph, input, &list, &count)) return NULL;
      TF_AddInputList(desc, list, (int)count);
      free(list);
    } else {
      TF_Output out;
      if (!get_output(env, g->graph, input, &out)) return NULL;
      TF_AddInput(desc, out);
    }
  }
  uint32_t n_attrs = 0;
  napi_get_array_length(env, argv[4], &n_attrs);
  for (uint32_t i = 0; i < n_attrs; i++) {
    napi_value attr;
    napi_get_element(env, argv[4], i, &attr);
    if (!set_attr(env, desc, attr)) return NULL;
  }
  uint32_t n_control = 0;
  napi_get_array_length(env, argv[5], &n_control);
  for (uint32_t i = 0; i < n_control; i++) {
    napi_value item;
    char control[MAX_NAME];
    napi_get_element(env, argv[5], i, &item);
    TF_Operation* op = get_string(env, item, control, sizeof control) ? TF_GraphOperationByName(g->graph, control) : NULL;
    if (!op) return throw_error(env, "tf_graph: a control input names no operation in the graph");
    TF_AddControlInput(desc, op);
  }
  TF_Status* status = TF_NewStatus();
  TF_Operation* op = TF_FinishOperation(desc, status);
  if (TF_GetCode(status) != TF_OK) {
    char what[2 * MAX_NAME + 8];
    snprintf(what, sizeof what, "%s (%s)", name, type);
    return throw_status(env, what, status);
  }
  TF_DeleteStatus(status);
  napi_value result;
  CHECK_NAPI(env, napi_create_int32(env, TF_OperationNumOutputs(op), &result));
  return result;
}

static napi_value add_gradients(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Graph* g = get_graph(env, argv[0]);
  char prefix[MAX_NAME];
  if (!g || argc < 4 || !get_string(env, argv[1], prefix, sizeof prefix))
    return throw_error(env, "tf_graph: addGradients(graph, prefix, ys, xs)");
  TF_Output *ys = NULL, *xs = NULL;
  uint32_t ny = 0, nx = 0;
  if (!get_outputs(env, g->graph, argv[2], &ys, &ny)) return NULL;
  if (!get_outputs(env, g->graph, argv[3], &xs, &nx)) {
    free(ys);
    return NULL;
  }
  TF_Output* dxs = (TF_Output*)calloc(nx ? nx : 1, sizeof(TF_Output));
  TF_Status* status = TF_NewStatus();
  TF_AddGradientsWithPrefix(g->graph, prefix, ys, (int)ny, xs, (int)nx, NULL, status, dxs);
  free(ys);
  free(xs);
  if (TF_GetCode(status) != TF_OK) {
    free(dxs);
    return throw_status(env, "tf_graph: gradients", status);
  }
  TF_DeleteStatus(status);
  napi_value result;
  CHECK_NAPI(env, napi_create_array_with_length(env, nx, &result));
  for (uint32_t i = 0; i < nx; i++) {
    napi_value item, op, index;
    if (!dxs[i].oper) {
      free(dxs);
      return throw_error(env, "tf_graph: a variable has no gradient path to the loss");
    }
    CHECK_NAPI(env, napi_create_object(env, &item));
    CHECK_NAPI(env, napi_create_string_utf8(env, TF_OperationName(dxs[i].oper), NAPI_AUTO_LENGTH, &op));
    CHECK_NAPI(env, napi_create_int32(env, dxs[i].index, &index));
    CHECK_NAPI(env, napi_set_named_property(env, item, "op", op));
    CHECK_NAPI(env, napi_set_named_property(env, item, "index", index));
    CHECK_NAPI(env, napi_set_element(env, result, i, item));
  }
  free(dxs);
  return result;
}

static napi_value new_session(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Graph* g = get_graph(env, argv[0]);
  if (!g || argc < 2) return throw_error(env, "tf_graph: newSession(graph, configProtoBytes)");
  napi_typedarray_type type;
  size_t length = 0;
  void* config = NULL;
  if (napi_get_typedarray_info(env, argv[1], &type, &length, &config, NULL, NULL) != napi_ok || type != napi_uint8_array)
    return throw_error(env, "tf_graph: the session config must be a Uint8Array (a serialized ConfigProto)");
  TF_SessionOptions* options = TF_NewSessionOptions();
  TF_Status* status = TF_NewStatus();
  if (length) TF_SetConfig(options, config, length, status);
  if (TF_GetCode(status) != TF_OK) {
    TF_DeleteSessionOptions(options);
    return throw_status(env, "tf_graph: session config", status);
  }
  TF_Session* session = TF_NewSession(g->graph, options, status);
  TF_DeleteSessionOptions(options);
  if (TF_GetCode(status) != TF_OK) return throw_status(env, "tf_graph: new session", status);
  TF_DeleteStatus(status);
  Session* s = (Session*)calloc(1, sizeof(Session));
  s->session = session;
  s->graph = g->graph;
  napi_value result;
  CHECK_NAPI(env, napi_create_external(env, s, session_finalize, NULL, &result));
  return result;
}

static napi_value run(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Session* s = NULL;
  if (argc < 4 || napi_get_value_external(env, argv[0], (void**)&s) != napi_ok || !s || !s->session)
    return throw_error(env, "tf_graph: run(session, feeds, fetches, targets) on an open session");
  uint32_t n_feeds = 0, n_fetches = 0, n_targets = 0;
  napi_get_array_length(env, argv[1], &n_feeds);
  napi_get_array_length(env, argv[3], &n_targets);
  TF_Output* inputs = (TF_Output*)calloc(n_feeds ? n_feeds : 1, sizeof(TF_Output));
  TF_Tensor** values = (TF_Tensor**)calloc(n_feeds ? n_feeds : 1, sizeof(TF_Tensor*));
  TF_Output* outputs = NULL;
  TF_Tensor** results = NULL;
  TF_Operation** targets = (TF_Operation**)calloc(n_targets ? n_targets : 1, sizeof(TF_Operation*));
  napi_value result = NULL;
  int ok = 1;
  TF_Buffer* run_options = NULL;
  TF_Buffer* run_metadata = NULL;
  bool has_options = false;
  if (argc >= 5) napi_is_typedarray(env, argv[4], &has_options);
  if (has_options) {
    napi_typedarray_type type;
    size_t length = 0;
    void* bytes = NULL;
    napi_get_typedarray_info(env, argv[4], &type, &length, &bytes, NULL, NULL);
    run_options = TF_NewBufferFromString(bytes, length);
    run_metadata = TF_NewBuffer();
  }
  for (uint32_t i = 0; ok && i < n_feeds; i++) {
    napi_value feed, output, value;
    napi_get_element(env, argv[1], i, &feed);
    napi_get_element(env, feed, 0, &output);
    napi_get_element(env, feed, 1, &value);
    ok = get_output(env, s->graph, output, &inputs[i]) && (values[i] = get_tensor(env, value)) != NULL;
  }
  if (ok) ok = get_outputs(env, s->graph, argv[2], &outputs, &n_fetches);
  for (uint32_t i = 0; ok && i < n_targets; i++) {
    napi_value item;
    char name[MAX_NAME];
    napi_get_element(env, argv[3], i, &item);
    targets[i] = get_string(env, item, name, sizeof name) ? TF_GraphOperationByName(s->graph, name) : NULL;
    if (!targets[i]) {
      throw_error(env, "tf_graph: a run target names no operation in the graph");
      ok = 0;
    }
  }
  if (ok) {
    results = (TF_Tensor**)calloc(n_fetches ? n_fetches : 1, sizeof(TF_Tensor*));
    TF_Status* status = TF_NewStatus();
    TF_SessionRun(s->session, run_options, inputs, values, (int)n_feeds, outputs, results, (int)n_fetches,
                  (const TF_Operation* const*)targets, (int)n_targets, run_metadata, status);
    if (TF_GetCode(status) != TF_OK) {
      throw_status(env, "tf_graph: run", status);
      ok = 0;
    } else {
      TF_DeleteStatus(status);
      napi_create_array_with_length(env, n_fetches, &result);
      for (uint32_t i = 0; ok && i < n_fetches; i++) {
        napi_value item = tensor_value(env, results[i]);
        if (!item) ok = 0;
        else napi_set_element(env, result, i, item);
      }
      if (ok && run_metadata) {
        napi_value buffer, array;
        void* data = NULL;
        napi_create_arraybuffer(env, run_metadata->length, &data, &buffer);
        if (run_metadata->length) memcpy(data, run_metadata->data, run_metadata->length);
        napi_create_typedarray(env, napi_uint8_array, run_metadata->length, buffer, 0, &array);
        napi_set_named_property(env, result, "metadata", array);
      }
    }
  }
  if (run_options) TF_DeleteBuffer(run_options);
  if (run_metadata) TF_DeleteBuffer(run_metadata);
  for (uint32_t i = 0; i < n_feeds; i++)
    if (values[i]) TF_DeleteTensor(values[i]);
  if (results)
    for (uint32_t i = 0; i < n_fetches; i++)
      if (results[i]) TF_DeleteTensor(results[i]);
  free(inputs);
  free(values);
  free(outputs);
  free(results);
  free(targets);
  return ok ? result : NULL;
}

static napi_value close_session(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Session* s = NULL;
  if (argc < 1 || napi_get_value_external(env, argv[0], (void**)&s) != napi_ok || !s)
    return throw_error(env, "tf_graph: closeSession(session)");
  if (s->session) {
    TF_Status* status = TF_NewStatus();
    TF_CloseSession(s->session, status);
    TF_DeleteSession(s->session, status);
    TF_DeleteStatus(status);
    s->session = NULL;
  }
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor properties[] = {
      {"newGraph", NULL, new_graph, NULL, NULL, NULL, napi_default, NULL},
      {"addOp", NULL, add_op, NULL, NULL, NULL, napi_default, NULL},
      {"addGradients", NULL, add_gradients, NULL, NULL, NULL, napi_default, NULL},
      {"newSession", NULL, new_session, NULL, NULL, NULL, napi_default, NULL},
      {"run", NULL, run, NULL, NULL, NULL, napi_default, NULL},
      {"closeSession", NULL, close_session, NULL, NULL, NULL, napi_default, NULL},
  };
  CHECK_NAPI(env, napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
