using Pipewise.Forecasting.Scoring;
using Pipewise.GateService;

OnnxRuntimeStartup.OptOutOfTelemetry();
return await GateProgram.RunAsync(args).ConfigureAwait(false);
