using Gateway.FreeBusy.Store;

namespace Gateway.FreeBusy.Tests.Store;

public sealed class FreeBusyStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fbs-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static async Task<string> TempWithAsync(FreeBusyStore store, string text)
    {
        await using var temp = store.CreateTemp(out var path);
        await temp.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text));
        return path;
    }

    [Fact]
    public async Task Commit_replaces_the_copy_and_leaves_no_temporary_file()
    {
        var store = new FreeBusyStore(_root);
        await store.CommitAsync(await TempWithAsync(store, "v1"), "alice.vfb");
        await store.CommitAsync(await TempWithAsync(store, "v2"), "alice.vfb");

        Assert.Equal("v2", await File.ReadAllTextAsync(store.TryGet("alice.vfb")!.FullName));
        Assert.Equal(["alice.vfb"], store.List().Select(f => f.Name));
        Assert.Empty(Directory.GetFiles(store.TempDirectory));
    }

    [Fact]
    public async Task Start_removes_leftover_temporary_files()
    {
        var store = new FreeBusyStore(_root);
        await TempWithAsync(store, "interrupted upload");
        _ = new FreeBusyStore(_root);
        Assert.Empty(Directory.GetFiles(store.TempDirectory));
    }

    [Theory]
    [InlineData("../alice.vfb")]
    [InlineData("Alice.vfb")]
    [InlineData("alice.txt")]
    public void Names_that_are_not_normalised_file_names_are_never_used_as_paths(string name)
    {
        var store = new FreeBusyStore(_root);
        Assert.Throws<ArgumentException>(() => store.TryGet(name));
    }

    [Fact]
    public async Task Delete_removes_the_copy()
    {
        var store = new FreeBusyStore(_root);
        await store.CommitAsync(await TempWithAsync(store, "v1"), "bob.vfb");
        Assert.True(store.Delete("bob.vfb"));
        Assert.False(store.Delete("bob.vfb"));
        Assert.Null(store.TryGet("bob.vfb"));
    }
}
