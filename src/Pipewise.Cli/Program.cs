using Pipewise.Cli;

if (NativeDispatch.IsNative && NativeDispatch.NeedsJit(args))
{
    return await NativeDispatch.ForwardAsync(args, AppContext.BaseDirectory, Console.Error).ConfigureAwait(false);
}

return await CliApp.RunAsync(args).ConfigureAwait(false);
