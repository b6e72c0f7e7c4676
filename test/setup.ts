import fc from 'fast-check';

// Property tests run with a fixed seed so a run is reproducible; FC_SEED=<n> explores others.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261122) });
