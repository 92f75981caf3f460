using System.Text.Json;
using Pipewise.Testing;

namespace Pipewise.GitHub.Tests;

/// <summary>
/// A stateful stand-in for a PR's comments: list (paged by the client), create, edit. Each comment has the author
/// of the token that created it: GET /user answers for a classic token; an installation token (ghs_) gets 403 there
/// and writes as <c>github-actions[bot]</c>, as GITHUB_TOKEN does.
/// </summary>
internal sealed class CommentStore
{
    public const string ClassicUser = "pipewise-user";
    public const string ActionsBot = "github-actions[bot]";

    private readonly SortedDictionary<long, string> bodies = [];
    private readonly Dictionary<long, string> authors = [];
    private long next = 100;

    public CommentStore(ReplayServer server)
    {
        // Read the fixture on the test's thread: without ../shared the test is inconclusive, not a server error.
        _ = Fixtures.Rest("issues-list-comments.json");
        string Comment(long id, string body) => Json(id, body, authors.GetValueOrDefault(id, "octocat"));
        server.Map("GET", "/user", r => AuthorOf(r) is ActionsBot or CustomAppBot
            ? new ReplayResponse(403, "{\"message\":\"Resource not accessible by integration\"}")
            : ReplayResponse.Json($"{{\"login\":\"{ClassicUser}\",\"id\":77,\"type\":\"User\"}}"));

        server.Map("GET", "/repos/octo-org/octo-repo/issues/1347/comments", _ =>
        {
            lock (bodies)
            {
                return ReplayResponse.Json("[" + string.Join(",", bodies.Select(b => Comment(b.Key, b.Value))) + "]");
            }
        });
        server.Map("POST", "/repos/octo-org/octo-repo/issues/1347/comments", r =>
        {
            var body = JsonDocument.Parse(r.Body).RootElement.GetProperty("body").GetString()!;
            lock (bodies)
            {
                var id = next++;
                bodies[id] = body;
                authors[id] = AuthorOf(r);
                return ReplayResponse.Json(Comment(id, body), 201);
            }
        });
        server.Map("DELETE", "/repos/octo-org/octo-repo/issues/comments/{id}", r =>
        {
            var id = long.Parse(r.Path.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
            lock (bodies)
            {
                return bodies.Remove(id) ? new ReplayResponse(204) : new ReplayResponse(404, "{\"message\":\"Not Found\"}");
            }
        });
        server.Map("PATCH", "/repos/octo-org/octo-repo/issues/comments/{id}", r =>
        {
            var id = long.Parse(r.Path.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
            var body = JsonDocument.Parse(r.Body).RootElement.GetProperty("body").GetString()!;
            lock (bodies)
            {
                if (!bodies.ContainsKey(id))
                {
                    return new ReplayResponse(404, "{\"message\":\"Not Found\"}");
                }

                if (authors.GetValueOrDefault(id, "octocat") != AuthorOf(r))
                {
                    return new ReplayResponse(403, "{\"message\":\"Must have admin rights to Repository.\"}");
                }

                bodies[id] = body;
                return ReplayResponse.Json(Comment(id, body));
            }
        });
    }

    public IReadOnlyDictionary<long, string> Bodies
    {
        get
        {
            lock (bodies)
            {
                return new Dictionary<long, string>(bodies);
            }
        }
    }

    public void Add(string body, long id, string author = "octocat")
    {
        lock (bodies)
        {
            bodies[id] = body;
            authors[id] = author;
        }
    }

    /// <summary>A custom GitHub App's bot: its installation tokens start with <c>ghs_custom</c> here.</summary>
    public const string CustomAppBot = "pipewise-ci[bot]";

    private static string AuthorOf(RecordedRequest request) =>
        request.Header("Authorization") is { } auth && auth.StartsWith("Bearer ghs_custom", StringComparison.Ordinal) ? CustomAppBot
        : request.Header("Authorization") is { } a && a.StartsWith("Bearer ghs_", StringComparison.Ordinal) ? ActionsBot : ClassicUser;

    /// <summary>A comment as GitHub's list example shows it, with this id and body.</summary>
    public static string Json(long id, string body, string author = "octocat")
    {
        var listExample = File.ReadAllText(Fixtures.Rest("issues-list-comments.json"));
        var template = JsonDocument.Parse(listExample).RootElement[0].GetRawText();
        return Set(System.Text.Json.Nodes.JsonNode.Parse(template)!.AsObject(), id, body, author);
    }

    private static string Set(System.Text.Json.Nodes.JsonObject o, long id, string body, string author)
    {
        o["id"] = id;
        o["body"] = body;
        o["user"]!["login"] = author;
        o["user"]!["type"] = author.EndsWith("[bot]", StringComparison.Ordinal) ? "Bot" : "User";
        return o.ToJsonString();
    }
}
