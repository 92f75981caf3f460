using Pipewise.Cli;
using Pipewise.Forecasting.Scoring;

OnnxRuntimeStartup.OptOutOfTelemetry();
if (NativeDispatch.IsNative && NativeDispatch.NeedsJit(args))
{
    return await NativeDispatch.ForwardAsync(args, AppContext.BaseDirectory, Console.Error).ConfigureAwait(false);
}

if (NativeDispatch.LoadsModel(args))
{
    OnnxRuntimeStartup.StartWarmUp();
}

var code = await CliApp.RunAsync(args).ConfigureAwait(false);
OnnxRuntimeStartup.FinishWarmUp();
if (OnnxRuntimeStartup.Created)
{
    ProcessEnd.SkipNativeTeardown(code);
}

return code;
