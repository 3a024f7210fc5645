# The compiled training step's native half (tf_graph.c): TensorFlow's C API for graphs,
# gradients and sessions, linked against the libtensorflow that tfjs-node loads; and
# stderr_guard.c, which keeps TensorFlow's load-time notes off the terminal.
# Built by scripts/native-graph.sh (node-gyp); nothing else needs it.
{
  'variables': {
    'tensorflow_dir': '<(module_root_dir)/../node_modules/@tensorflow/tfjs-node/deps',
  },
  'targets': [{
    'target_name': 'tf_graph',
    'sources': ['tf_graph.c'],
    'include_dirs': ['<(tensorflow_dir)/include'],
    'cflags': ['-O2', '-Wall', '-Wextra', '-Wno-unused-parameter'],
    'libraries': [
      '-Wl,-rpath,\$$ORIGIN/../../../node_modules/@tensorflow/tfjs-node/deps/lib',
      '-ltensorflow',
      '-ltensorflow_framework',
    ],
    'library_dirs': ['<(tensorflow_dir)/lib'],
  }, {
    'target_name': 'stderr_guard',
    'sources': ['stderr_guard.c'],
    'cflags': ['-O2', '-Wall', '-Wextra'],
  }],
}
