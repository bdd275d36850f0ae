module.exports = { ...require('../jest.preset.js'), displayName: 'infra', roots: ['<rootDir>/tests'] };
