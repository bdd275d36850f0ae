module.exports = { ...require('../../jest.preset.js'), displayName: 'grpc-server' };
