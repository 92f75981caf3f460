namespace Pipewise.Core.Tests;

/// <summary>A temporary folder of import input files, shared by the importer tests.</summary>
internal sealed class ImportFolder : IDisposable
{
    public const string TravisHeader = "project,language,build_id,commit,pull_req,branch,status,duration_s,started_at,event_type,n_jobs,log_jobs,log_jobs_ok,log_jobs_broken,log_jobs_other,log_tests_ran,tests_run,tests_ok,tests_failed,tests_skipped,test_duration_s,setup_time_s,test_frameworks";

    public string Path { get; } = Directory.CreateTempSubdirectory("pipewise-import-").FullName;

    /// <summary>Writes a file into the folder and returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
