# The compiled training step's native half (tf_graph.c): TensorFlow's C API for graphs,
# gradients and sessions, linked against the libtensorflow that tfjs-node loads.
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
  }],
}
