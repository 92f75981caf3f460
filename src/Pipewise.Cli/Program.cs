using Pipewise.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
