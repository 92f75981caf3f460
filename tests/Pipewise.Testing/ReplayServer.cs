using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipewise.Testing;

/// <summary>A request as the replay server received it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
}

/// <summary>What a route answers.</summary>
public sealed record ReplayResponse(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan? Delay = null)
{
    public static ReplayResponse Json(string body, int status = 200, IReadOnlyDictionary<string, string>? headers = null) => new(status, body, headers);

    /// <summary>Answers with a file's content (e.g. a fixture under ../shared/fixtures).</summary>
    public static ReplayResponse File(string path, int status = 200, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, System.IO.File.ReadAllText(path), headers);
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, free port) that answers mapped routes with recorded or published
/// example responses and records every request, so tests can check what a client sent.
/// </summary>
public sealed class ReplayServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly List<(string Method, Regex Path, Func<RecordedRequest, ReplayResponse> Handler)> routes = [];
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    private ReplayServer(WebApplication app) => this.app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    public static async Task<ReplayServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ReplayServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>
    /// Maps a route. <paramref name="pathPattern"/> is a path where <c>{name}</c> matches one segment and a
    /// trailing <c>*</c> matches the rest. Later mappings win over earlier ones.
    /// </summary>
    public ReplayServer Map(string method, string pathPattern, Func<RecordedRequest, ReplayResponse> handler)
    {
        var regex = "^" + Regex.Replace(Regex.Escape(pathPattern).Replace("\\*", ".*", StringComparison.Ordinal), "\\\\\\{[^/]+?}", "[^/]+") + "$";
        lock (routes)
        {
            routes.Insert(0, (method.ToUpperInvariant(), new Regex(regex, RegexOptions.CultureInvariant), handler));
        }

        return this;
    }

    public ReplayServer Map(string method, string pathPattern, ReplayResponse response) => Map(method, pathPattern, _ => response);

    public IReadOnlyList<RecordedRequest> RequestsTo(string method, string path) =>
        [.. requests.Where(r => r.Method == method.ToUpperInvariant() && r.Path == path)];

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync().ConfigureAwait(false);
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var recorded = new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? string.Empty, headers, body);
        requests.Enqueue(recorded);

        Func<RecordedRequest, ReplayResponse>? handler;
        lock (routes)
        {
            handler = routes.FirstOrDefault(r => r.Method == recorded.Method && r.Path.IsMatch(recorded.Path)).Handler;
        }

        var response = handler?.Invoke(recorded)
            ?? new ReplayResponse(404, $"{{\"message\":\"replay server: no route for {recorded.Method} {recorded.Path}\"}}");
        if (response.Delay is { } delay)
        {
            await Task.Delay(delay, context.RequestAborted).ConfigureAwait(false);
        }

        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (response.Body is not null)
        {
            if (!context.Response.Headers.ContainsKey("Content-Type"))
            {
                context.Response.ContentType = "application/json; charset=utf-8";
            }

            await context.Response.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
