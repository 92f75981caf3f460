using Pipewise.GateService;

return await GateProgram.RunAsync(args).ConfigureAwait(false);
