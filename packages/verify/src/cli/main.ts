#!/usr/bin/env node
/**
 * glassy: verify physics invariants of chain models and integrators, and run them.
 * Exit codes: 0 success, 1 a check failed or a run aborted, 2 invalid input.
 */
import { Command, CommanderError, Option } from 'commander';
import { GlassyInputError } from '@glassy/contracts';
import { Registry } from '../registry.js';
import { kappaStudy, kappaTrendStudy, levelStatsStudy, lyapunovStudy, ergodizationStudy, breatherStudy, rotorFrictionStudy, nessStudy, workPrecisionStudy, quantumRelaxationStudy, phiStudy, snapshotsStudy, spreadingStudy, VERSION } from '@glassy/studies';
import { listCommand, reportCommand, simulateCommand, verifyCommand, type Io } from './commands.js';
import { shardMergeCommand, shardRunCommand, shardStatusCommand } from './shard-command.js';
import { ensembleCommand } from './ensemble-command.js';
import { newModelCommand } from './new-model.js';
import { addBackendOptions, runStudyCommand } from './run-study.js';

// A closed pipe (glassy list | head -1) is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const io: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTTY: Boolean(process.stderr.isTTY),
};

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

async function registry(configPath: string | undefined): Promise<Registry> {
  const r = Registry.builtin();
  await r.loadConfig(process.cwd(), configPath);
  return r;
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('glassy')
    .description('Physics verification suite for strongly anharmonic chains of oscillators')
    .version(VERSION)
    .option('--config <file>', 'plugin config file (default: ./glassy.config.json if present)')
    .exitOverride()
    .configureOutput({
      // Commander's own errors (unknown option, missing argument...) on one line.
      outputError: (str, write) => write(`glassy: ${str.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim()}\n`),
    });

  program
    .command('list')
    .description('list models, integrators and checks')
    .option('--json', 'machine-readable output')
    .option('--include-controls', 'also list the negative controls')
    .action(async (opts) => setExit(listCommand(await registry(program.opts().config), opts, io)));

  program
    .command('verify')
    .description('run the check catalogue on model × integrator pairs and print the matrix')
    .option('--model <id...>', 'models to verify (default: all built-ins)')
    .option('--integrator <id...>', 'integrators to verify (default: all built-ins)')
    .option('--check <id...>', 'checks to run (default: all in the tier)')
    .addOption(new Option('--tier <tier>', 'quick (CI) or full (long physics runs)').default('quick'))
    .option('--include-controls', 'also run the negative controls, which must be rejected (with --model M: the controls of M, named M-…)')
    .option('--json <file>', 'write the full results as JSON')
    .option('--junit <file>', 'write JUnit XML for CI systems')
    .option('--html <dir>', 'write a static report page, DIR/index.html (opens from the file system), and DIR/report.json')
    .option('--save-baseline <file>', 'record every cell\'s verdict and statistic, for --baseline later')
    .option('--baseline <file>', 'compare with a recorded baseline (same --seed); a regression fails the run (exit 1)')
    .option('--seed <n>', 'base seed; every cell derives its own seed from it', '1')
    .option('--verbose', 'print every cell\'s explanation (measured values, thresholds, seeds)')
    .option('--cell-timeout <s>', 'wall-clock budget of one cell in seconds; past it the cell is a TIMEOUT failure and the run goes on (default: 60 quick, 1800 full)')
    .action(async (opts) => setExit(verifyCommand(await registry(program.opts().config), opts, io)));

  program
    .command('simulate')
    .description('integrate one trajectory and write the final state file')
    .option('--model <id>', 'model id')
    .option('--set <key=value>', 'model parameter (repeatable), e.g. --set L=8 --set g=0.5', collect)
    .option('--integrator <id>', 'integrator id (for speed: see "Fast paths" in glassy list; on the rotor chain name stormer-verlet-fused)')
    .option('--dt <h>', 'time step > 0')
    .option('--t-end <T>', 'integration time ≥ 0 (a whole number of steps)')
    .option('--init <file>', 'initial state file (default: a seeded random state)')
    .option('--seed <n>', 'seed of the random initial state and of a stochastic integrator\'s noise', '1')
    .option('--integrator-set <key=value>', 'integrator parameter (repeatable), e.g. --integrator-set beta=2 --integrator-set gamma=1', collect)
    .option('--out <file>', 'output state file (written atomically)')
    .addHelpText(
      'after',
      '\nState files are JSON: { "model", "params", "t", "q": [...], "p": [...] } (rotor chain: q = θ, p = ω).',
    )
    .action(async (opts) => setExit(simulateCommand(await registry(program.opts().config), opts, io)));

  program
    .command('ensemble')
    .description('run an ensemble of samples in parallel and average observables at requested times')
    .option('--model <id>', 'model id')
    .option('--set <key=value>', 'model parameter (repeatable)', collect)
    .option('--integrator <id>', 'integrator id (for speed: see "Fast paths" in glassy list; on the rotor chain name stormer-verlet-fused)')
    .option('--integrator-set <key=value>', 'integrator parameter (repeatable), e.g. --integrator-set lambda=0.1', collect)
    .option('--samples <M>', 'number of samples')
    .option('--dt <h>', 'time step > 0')
    .option('--times <t1,t2,...>', 'recording times (whole numbers of steps), e.g. 0,1,10,100')
    .option('--observable <id...>', 'observables to record (see glassy list)')
    .option('--seed <n>', 'seed: sample i uses streams derived from (seed, i) only', '1')
    .option('--workers <n>', 'worker threads (default: all cores; 0 = this thread)')
    .option('--beta <b>', 'inverse temperature of the initial ensemble', '1')
    .addOption(new Option('--init <kind>', 'initial states of exp(−βH): exact Gibbs draws, Langevin thermalisation (H = T(p) + V(q)), or Hybrid Monte Carlo (any model, e.g. DNLS)').choices(['gibbs', 'langevin', 'hmc']).default('gibbs'))
    .option('--t-therm <T>', 'Langevin thermalisation time before t = 0 (required with --init langevin)')
    .option('--hmc-trajectories <n>', 'with --init hmc: adapting trajectories, then as many at the frozen step (default 200)')
    .option('--gamma <g>', 'Langevin friction for the thermalisation', '1')
    .option('--zero-momentum', 'remove the mean momentum of each initial state (as the review does)')
    .option('--chunk-size <n>', 'samples per checkpointed chunk', '16')
    .option('--quiet', 'no progress output')
    .option('--keep-checkpoint', 'keep OUT.checkpoint/ (or OUT.slurm/) after success')
    .addOption(new Option('--backend <where>', 'run here; as a SLURM array job (one task per shard), merged exactly; or manual: write the shard job OUT.slurm/ and stop (glassy shard run/merge by hand)').choices(['local', 'slurm', 'manual']).default('local'))
    .option('--shards <K>', 'with --backend slurm: number of shards (array tasks)')
    .option('--sbatch-arg <arg>', 'with --backend slurm: an sbatch option, repeatable, e.g. --sbatch-arg=--partition=debug --sbatch-arg=--time=02:00:00 --sbatch-arg=--cpus-per-task=4 (C worker threads per task)', collect)
    .option('--max-resubmits <n>', 'with --backend slurm: resubmissions of a failed or cancelled task before giving up', '2')
    .option('--out <file>', 'output JSON file (written atomically)')
    .action(async (opts) => setExit(await ensembleCommand(await registry(program.opts().config), opts, io, program.opts().config)));

  const run = program.command('run').description('reproduce the review\'s numerical results');
  addBackendOptions(run
    .command('phi')
    .description('relaxation observable φ(g, β, t) of the rotor chain, t0(g) and Figure 2 (review section 2)')
    .option('--g <list>', 'couplings, e.g. 1,0.7,0.5,0.4')
    .option('--samples <M>', 'initial states per coupling', '512')
    .option('--L <L>', 'chain length (periodic)', '64')
    .option('--beta <b>', 'inverse temperature', '1')
    .option('--dt <h>', 'Störmer–Verlet time step', '0.01')
    .option('--t-max <T|auto>', 'last recorded time, or auto (extend the same trajectories ×4 from t = 100 until φ passes the level, then to 4·t0)', 'auto')
    .option('--t-cap <T>', 'largest t-max that auto may choose', '20000')
    .option('--t-min <t>', 'first recorded time', '0.1')
    .option('--per-decade <n>', 'recorded times per decade (log-spaced)', '12')
    .addOption(new Option('--init <kind>', 'initial states: Langevin thermalisation (the review\'s protocol) or exact Gibbs draws').choices(['langevin', 'gibbs']).default('langevin'))
    .option('--t-therm <T>', 'Langevin thermalisation time', '1000')
    .option('--gamma <g>', 'Langevin friction', '1')
    .option('--seed <n>', 'seed', '1')
    .option('--bootstrap <B>', 'bootstrap resamplings for the intervals', '1000')
    .option('--level <φ>', 'level defining t0', '0.9')
    .option('--smooth <k>', 'half-width (grid points) of the smoothing window', '1')
    .option('--quiet', 'no progress output')
    .option('--force', 'replace an output folder that holds another run (default: refuse it; the same run resumes)')
    .option('--out <dir>', 'output directory (phi.h5, summary.json, figures)'))
    .action(async (opts) => setExit(await runStudyCommand(phiStudy, await registry(program.opts().config), opts, io, program.opts().config)));

  run
    .command('snapshots')
    .description('Figure 1: snapshots of ω_x and space-time maps of ω and of chaotic triples')
    .option('--g <g>', 'coupling', '0.07')
    .option('--L <L>', 'chain length (periodic)', '64')
    .option('--beta <b>', 'inverse temperature', '1')
    .option('--dt <h>', 'Störmer–Verlet time step', '0.001')
    .option('--times <t1,t2,t3>', 'the three snapshot times', '0,1000,2000')
    .option('--frames <n>', 'frames of the space-time maps', '400')
    .option('--t-therm <T>', 'Langevin thermalisation time', '1000')
    .option('--seed <n>', 'seed', '1')
    .option('--quiet', 'no summary output')
    .option('--force', 'replace an output folder that holds another run (default: refuse it; the same run resumes)')
    .option('--out <dir>', 'output directory (fig1, space-time maps, snapshots.h5)')
    .action(async (opts) => setExit(await runStudyCommand(snapshotsStudy, await registry(program.opts().config), opts, io, program.opts().config)));

  addBackendOptions(run
    .command('kappa')
    .description('Green–Kubo conductivity from equilibrium current correlations (review eq. (2)), optionally with velocity-flip noise (eq. (7))')
    .option('--model <id>', 'model with energy currents', 'rotor-chain')
    .option('--g <g>', 'coupling (default: the model\'s)')
    .option('--L <L>', 'chain length', '64')
    .option('--beta <b>', 'inverse temperature', '1')
    .option('--flip-rate <lambda>', 'velocity-flip rate λ (0: isolated dynamics)', '0')
    .option('--samples <M>', 'independent equilibrium samples', '64')
    .option('--t-run <T>', 'length of each sample\'s current series', '2000')
    .option('--t-corr <T>', 'cut-off τ_c: the plateau is the mean of the running integral over [τ_c/2, τ_c]', '100')
    .option('--dtau <h>', 'sampling interval of the current', '0.1')
    .option('--dt <h>', 'time step', '0.01')
    .option('--t-therm <T>', 'Langevin thermalisation (models without an exact Gibbs sampler)', '200')
    .option('--seed <n>', 'seed', '1')
    .option('--quiet', 'no progress output')
    .option('--force', 'replace an output folder that holds another run (default: refuse it; the same run resumes)')
    .option('--out <dir>', 'output directory (kappa.h5, summary.json, kappa.svg/png)'))
    .action(async (opts) => setExit(await runStudyCommand(kappaStudy, await registry(program.opts().config), opts, io, program.opts().config)));

  addBackendOptions(run
    .command('kappa-trend')
    .description('conductivity under velocity-flip noise: κ/(g²λ) along the review\'s curve λ = g^{1/2}(βg)^r (eq. (8)-(9)), or κ against λ at fixed g; with a plot')
    .option('--model <id>', 'model with energy currents', 'rotor-chain')
    .option('--g <list>', 'couplings, comma-separated (one coupling with --flip-rate)', '0.2,0.1,0.05')
    .option('--beta <b>', 'inverse temperature', '1')
    .option('--r <r>', 'exponent r of λ = g^{1/2}(βg)^r', '2')
    .option('--flip-rate <list>', 'flip rates λ, comma-separated: κ against λ at the one coupling --g')
    .option('--L <L>', 'chain length (periodic)', '32')
    .option('--samples <M>', 'independent Gibbs samples per point', '128')
    .option('--dt <h>', 'time step', '0.05')
    .option('--seed <n>', 'seed', '1')
    .option('--quiet', 'no progress output')
    .option('--force', 'replace an output folder that holds another run (default: refuse it; the same run resumes)')
    .option('--out <dir>', 'output directory (kappa-trend.h5, summary.json, kappa-trend.svg/png)'))
    .action(async (opts) => setExit(await runStudyCommand(kappaTrendStudy, await registry(program.opts().config), opts, io, program.opts().config)));

  run
    .command('level-stats')
    .description('level statistics of a quantum chain by exact diagonalisation: mean gap ratio ⟨r⟩ with its error against Poisson and GOE, over a sweep of parameters (each flag takes a comma list; the sweep is their product)')
    .option('--model <id>', 'quantum model (glassy list shows them)', 'bose-hubbard')
    .option('--L <list>', 'sites')
    .option('--N <list>', 'bosons (bose-hubbard); a parameter name copies it per point, e.g. --N L for unit filling')
    .option('--U <list>', 'on-site interaction (bose-hubbard)')
    .option('--g <list>', 'hopping (bose-hubbard)')
    .option('--n-max <list>', 'bosons per site at most (bose-hubbard)')
    .option('--up <list>', 'up spins: the S^z = up − L/2 sector (disordered-xxz; default ⌊L/2⌋)')
    .option('--J <list>', 'exchange (disordered-xxz)')
    .option('--Delta <list>', 'anisotropy (disordered-xxz)')
    .option('--W <list>', 'disorder strength: fields uniform on [−W, W] (disordered-xxz)')
    .option('--sector <id>', 'symmetry sector whose spectrum is used (bose-hubbard: even, odd); default: the whole space')
    .option('--realisations <R>', 'disorder realisations per point (models with disorder; default 20)')
    .option('--bins <n>', 'histogram bins of P(r) on [0, 1]', '20')
    .option('--seed <n>', 'base seed of the disorder realisations', '1')
    .option('--quiet', 'no progress output')
    .option('--force', 'replace an output folder that holds another run (default: refuse it; the same run resumes)')
    .option('--out <dir>', 'output directory (level-stats.h5, summary.json, level-stats.svg/png, level-stats-histograms.svg/png)')
    .action(async (opts) => setExit(await runStudyCommand(levelStatsStudy, await registry(program.opts().config), opts, io, program.opts().config)));

  run
    .command('quantum-relaxation')
    .description('infinite-temperature density relaxation φ_q(t) = 1 − Σ_x Re C_x(t)/Σ_x C_x(0) of a quantum chain by exact diagonalisation: its finite-size plateau and relaxation time over a sweep (each flag a comma list)')
    .option('--model <id>', 'quantum model without disorder', 'bose-hubbard')
    .option('--L <list>', 'sites')
    .option('--N <list>', 'bosons; a parameter name copies it per point, e.g. --N L')
    .option('--U <list>', 'on-site interaction')
    .option('--g <list>', 'hopping')
    .option('--n-max <list>', 'bosons per site at most')
    .option('--t-min <t>', 'first time of the log-spaced grid', '0.01')
    .option('--t-max <t>', 'last time of the grid', '1e5')
    .option('--points <n>', 'times on the grid', '161')
    .option('--level <f>', 'τ: first time φ_q reaches this fraction of its plateau', '0.5')
    .option('--quiet', 'no progress output')
    .option('--force', 'replace an output folder that holds another run (default: refuse it; the same run resumes)')
    .option('--out <dir>', 'output directory (quantum-relaxation.h5, summary.json, quantum-relaxation.svg/png, quantum-relaxation-tau.svg/png)')
    .action(async (opts) => setExit(await runStudyCommand(quantumRelaxationStudy, await registry(program.opts().config), opts, io, program.opts().config)));

  addBackendOptions(run
    .command('ness')
    .description('non-equilibrium steady state between Langevin baths at T ± ΔT/2: current, temperature profile, κ (Fourier\'s law, review eq. (1))')
    .option('--model <id>', 'model with energy currents (open chain)', 'rotor-chain')
    .option('--g <g>', 'coupling (default: the model\'s)')
    .option('--L <L>', 'chain length', '64')
    .option('--T <T>', 'mean temperature', '1')
    .option('--delta-t <dT>', 'temperature difference of the baths', '0.25')
    .option('--gamma <g>', 'bath friction', '1')
    .option('--dt <h>', 'time step', '0.01')
    .option('--t-relax <T>', 'relaxation before measuring', '5000')
    .option('--t-meas <T>', 'measuring time per sample', '20000')
    .option('--dtau <h>', 'sampling interval of the averages', '0.1')
    .option('--samples <M>', 'independent samples', '32')
    .option('--seed <n>', 'seed', '1')
    .option('--quiet', 'no progress output')
    .option('--force', 'replace an output folder that holds another run (default: refuse it; the same run resumes)')
    .option('--out <dir>', 'output directory (ness.h5, summary.json)'))
    .action(async (opts) => setExit(await runStudyCommand(nessStudy, await registry(program.opts().config), opts, io, program.opts().config)));

  addBackendOptions(run
    .command('spreading')
    .description('wave-packet spreading in the disordered DNLS: exponents of m2 and P (refs [8], [35])')
    .option('--L <L>', 'chain length (open ends)', '512')
    .option('--W <W>', 'disorder: ε uniform on [−W/2, W/2]', '4')
    .option('--nonlinearity <beta>', 'β in (β/2)|ψ|⁴', '1')
    .option('--dt <h>', 'time step', '0.05')
    .option('--t-max <T>', 'last time', '10000')
    .option('--realisations <n>', 'disorder realisations (one packet each)', '8')
    .option('--integrator <id>', 'split-step integrator', 'split-strang')
    .option('--per-decade <n>', 'recorded times per decade (log-spaced from t = 1)', '8')
    .option('--seed <n>', 'seed of the disorder realisations', '1')
    .option('--quiet', 'no progress output')
    .option('--force', 'replace an output folder that holds another run (default: refuse it; the same run resumes)')
    .option('--out <dir>', 'output directory (spreading.h5, summary.json)'))
    .action(async (opts) => setExit(await runStudyCommand(spreadingStudy, await registry(program.opts().config), opts, io, program.opts().config)));

  addBackendOptions(run
    .command('lyapunov')
    .description('maximal Lyapunov exponent λ(t), λ(g) by the tangent map (Benettin), from exact Gibbs states')
    .option('--model <id>', 'model with a Gibbs sampler and a force Jacobian', 'rotor-chain')
    .option('--g <list>', 'couplings, comma-separated (e.g. 1,0.5,0.25)')
    .option('--beta <b>', 'inverse temperature of the Gibbs initial states', '1')
    .option('--L <L>', 'chain length', '64')
    .option('--integrator <id>', 'symplectic integrator with a tangent map (stormer-verlet, yoshida4, saba2, aba864, kahan-li6, yoshida6)', 'stormer-verlet')
    .option('--dt <h>', 'time step', '0.02')
    .option('--tau <t>', 'time between renormalisations of the deviation vector', '1')
    .option('--t-end <T>', 'last time', '10000')
    .option('--samples <n>', 'independent Gibbs initial states per g', '16')
    .option('--per-decade <n>', 'recorded times per decade (log-spaced)', '10')
    .option('--seed <n>', 'seed of the initial states and deviation vectors', '1')
    .option('--spectrum', 'also the full spectrum (2L exponents by QR, from the same states; L ≤ 32)')
    .option('--quiet', 'no progress output')
    .option('--force', 'replace an output folder that holds another run (default: refuse it; the same run resumes)')
    .option('--out <dir>', 'output directory (lyapunov.h5, summary.json, lyapunov-t and lyapunov-g figures)'))
    .action(async (opts) => setExit(await runStudyCommand(lyapunovStudy, await registry(program.opts().config), { spectrum: false, ...opts }, io, program.opts().config)));

  addBackendOptions(run
    .command('ergodization')
    .description('ergodization time T_E(g) from the fluctuation index q(T) of finite-time averages (Mithun et al. 2019), beside t0(g) and the Lyapunov time')
    .option('--model <id>', 'chain of unit-mass oscillators with a Gibbs sampler', 'rotor-chain')
    .option('--g <list>', 'couplings, comma-separated (e.g. 1,0.7,0.5,0.4)')
    .option('--beta <b>', 'inverse temperature of the Gibbs initial states (default 1)')
    .option('--h <u>', 'instead of --beta: fixed energy density ⟨H⟩/L, β solved per coupling (as Mithun et al.)')
    .option('--L <L>', 'chain length', '64')
    .option('--integrator <id>', 'deterministic integrator', 'stormer-verlet-fused')
    .option('--dt <h>', 'time step', '0.01')
    .option('--sample-dt <s>', 'spacing of the samples of f in the trapezoid rule of the time averages (a whole number of steps)', '0.1')
    .option('--t-max <list>', 'length T_max of each trajectory: one value, or one per coupling', '30000')
    .option('--samples <n>', 'trajectories (exact Gibbs draws) per g', '32')
    .option('--observable <f>', 'local observable: kinetic (p_x²/2) or energy (local energy e_x)', 'kinetic')
    .option('--per-decade <n>', 'recorded T per decade (log-spaced)', '10')
    .option('--bootstrap <n>', 'bootstrap resamplings for the intervals', '1000')
    .option('--level <φ>', 'level of φ defining t0', '0.9')
    .option('--smooth <k>', 'running mean of φ over ±k grid points before crossing', '1')
    .option('--lyapunov-samples <n>', 'Gibbs draws for the Lyapunov time T_Λ = 1/λ per g (0: off)', '8')
    .option('--lyapunov-t-end <T>', 'time of the mLCE estimate', '2000')
    .option('--seed <n>', 'seed of the initial states', '1')
    .option('--quiet', 'no progress output')
    .option('--force', 'replace an output folder that holds another run (default: refuse it; the same run resumes)')
    .option('--out <dir>', 'output directory (ergodization.h5, summary.json, q-of-T, Tq-of-T and timescales figures)'))
    .action(async (opts) => setExit(await runStudyCommand(ergodizationStudy, await registry(program.opts().config), opts, io, program.opts().config)));

  addBackendOptions(run
    .command('breather')
    .description("breather dissipation into Langevin baths on the end sites of a short pinned chain: slope of log(−dH/dt) against log H vs −f(L) (review eq. (14))")
    .option('--model <id>', 'pinned chain with parameters L, a, b, g', 'anharmonic-chain')
    .option('--a <list>', 'pinning exponents a > 2, comma-separated', '4,6')
    .option('--L <list>', 'chain lengths ≥ 3, comma-separated', '3,4,5')
    .option('--energy <E0>', 'initial breather energy', '1000')
    .option('--e-end <E>', 'lowest recorded energy level (default E0/10)')
    .option('--temperature <T>', 'bath temperature (0: friction only)', '0')
    .option('--gamma <g>', 'bath friction', '1')
    .option('--samples <n>', 'bath-noise realisations per case (one at temperature 0)', '8')
    .option('--per-decade <n>', 'energy levels per decade', '10')
    .option('--skip <n>', 'first levels left out of the fit (initial transient)', '1')
    .option('--steps-per-period <n>', 'time steps per breather period (dt follows the period)', '100')
    .option('--periods-per-segment <n>', 'periods between time-step updates', '10')
    .option('--dt-max <h>', 'largest time step', '0.05')
    .option('--t-max <T>', 'longest run', '1000000')
    .option('--bootstrap <n>', 'bootstrap resamplings (temperature > 0)', '1000')
    .option('--tolerance <x>', 'agreement tolerance on the slope', '0.1')
    .option('--seed <n>', 'seed of the bath noise', '1')
    .option('--quiet', 'no progress output')
    .option('--force', 'replace an output folder that holds another run (default: refuse it; the same run resumes)')
    .option('--out <dir>', 'output directory (breather.h5, summary.json, rate and decay figures)'))
    .action(async (opts) => setExit(await runStudyCommand(breatherStudy, await registry(program.opts().config), opts, io, program.opts().config)));

  addBackendOptions(run
    .command('rotor-friction')
    .description('a fast rotor at one end of an open rotor chain with friction on the other end: slope of log(−dH/dt) against log H (review ref. [20])')
    .option('--model <id>', 'rotor chain with parameters L, g, boundary', 'rotor-chain')
    .option('--L <list>', 'chain lengths ≥ 2, comma-separated', '2,3')
    .option('--g <g>', 'coupling', '1')
    .option('--energy <E0>', 'initial energy of the fast rotor', '100')
    .option('--e-end <E>', 'lowest recorded energy level (default E0/10)')
    .option('--temperature <T>', 'bath temperature (0: friction only)', '0')
    .option('--gamma <g>', 'friction on rotor 1', '1')
    .option('--samples <n>', 'bath-noise realisations per L (one at temperature 0)', '8')
    .option('--per-decade <n>', 'energy levels per decade', '10')
    .option('--skip <n>', 'first levels left out of the fit (initial transient)', '1')
    .option('--steps-per-period <n>', 'time steps per period of the fast rotor (dt follows it)', '100')
    .option('--periods-per-segment <n>', 'periods between time-step updates', '10')
    .option('--dt-max <h>', 'largest time step', '0.05')
    .option('--t-max <T>', 'longest run', '1000000')
    .option('--bootstrap <n>', 'bootstrap resamplings (temperature > 0)', '1000')
    .option('--seed <n>', 'seed of the bath noise', '1')
    .option('--quiet', 'no progress output')
    .option('--force', 'replace an output folder that holds another run (default: refuse it; the same run resumes)')
    .option('--out <dir>', 'output directory (rotor-friction.h5, summary.json, rate figure)'))
    .action(async (opts) => setExit(await runStudyCommand(rotorFrictionStudy, await registry(program.opts().config), opts, io, program.opts().config)));

  const bench = program.command('bench').description('benchmarks of integrators on a model (work-precision diagrams)');
  bench
    .command('work-precision')
    .description('error (energy, trajectory at T) against cost (wall time per unit time) for each integrator and step, as a paper figure')
    .option('--model <id>', 'model')
    .option('--set <key=value>', 'model parameter (repeatable), e.g. --set g=0.1', collect)
    .option('--integrators <list>', 'comma-separated integrator ids (default: every deterministic integrator that can run the model)')
    .option('--dt-range <lo,hi>', 'smallest and largest step (default: dt₀/4 … 8 dt₀, dt₀ the model\'s verification step; --quick dt₀ … 4 dt₀)')
    .option('--points <n>', 'steps per integrator, log-spaced (default 6; --quick 3)')
    .option('--t-end <T>', 'integration time (default 10; --quick 5)')
    .option('--samples <n>', 'initial states (default 4; --quick 1)')
    .option('--repeats <n>', 'timing repeats, interleaved; the median is reported (default 3; --quick 1)')
    .option('--beta <b>', 'inverse temperature of the Gibbs initial states', '1')
    .option('--seed <n>', 'seed of the initial states', '1')
    .option('--quick', 'a small set for CI (3 steps, T = 5, 1 state, 1 repeat)')
    .option('--quiet', 'no progress output')
    .option('--force', 'replace an output folder that holds another run')
    .option('--out <dir>', 'output directory (work-precision.json, .h5, -energy and -trajectory .svg/.png)')
    .action(async (opts) => setExit(await runStudyCommand(workPrecisionStudy, await registry(program.opts().config), { quick: false, ...opts }, io, program.opts().config)));

  const shard = program.command('shard').description('the shards of an ensemble job directory (what a cluster task runs; also by hand)');
  shard
    .command('run')
    .description('run one shard of DIR (resumes its checkpoint); what each SLURM array task runs')
    .argument('<dir>', 'shard job directory (OUT.slurm/ of glassy ensemble --backend slurm)')
    .option('--index <I>', 'shard index, 0 … K−1')
    .option('--workers <n>', 'worker threads (default: all cores; 0 = this thread)')
    .option('--quiet', 'no progress output')
    .action(async (dir, opts) => setExit(await shardRunCommand(dir, opts, io)));
  shard
    .command('merge')
    .description('check every shard (missing, duplicate, foreign, corrupt) and merge them exactly into the ensemble file')
    .argument('<dir>', 'shard job directory')
    .option('--out <file>', 'output JSON file (written atomically)')
    .action(async (dir, opts) => setExit(await shardMergeCommand(dir, opts, io)));
  shard
    .command('status')
    .description('where each shard stands (exit 0 when all are done)')
    .argument('<dir>', 'shard job directory')
    .action((dir) => setExit(shardStatusCommand(dir, io)));

  program
    .command('report')
    .description('render a saved verify report (glassy verify --json FILE) as the static page of --html')
    .argument('<file>', 'a report written by glassy verify --json')
    .option('--html <dir>', 'write DIR/index.html and DIR/report.json')
    .action((file, opts) => setExit(reportCommand(file, opts, io)));

  program
    .command('new')
    .description('scaffold a plugin outside the monorepo')
    .command('model')
    .description('write DIR/NAME/: a model plugin with stubs to fill in, glassy.config.json, its check catalogue as vitest tests, package.json, README.md, and vendor/ (this glassy\'s packages, npm pack)')
    .argument('<name>', 'model id, kebab-case (e.g. my-chain)')
    .option('--dir <dir>', 'parent directory of NAME/', '.')
    .option('--registry', 'depend on the @glassy packages by version range from the npm registry (once published) instead of vendor/ tarballs')
    .action((name, opts) => setExit(newModelCommand(name, opts, io)));

  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
    }
    if (e instanceof GlassyInputError) {
      io.err(`glassy: ${e.message}`);
      return 2;
    }
    io.err(`glassy: internal error: ${(e as Error).stack ?? String(e)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
