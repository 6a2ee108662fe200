using NUnit.Framework;

namespace Acceptance.LivingDoc.Tests;

/// <summary>A fixture whose tests each get a fresh temporary folder (<see cref="Dir"/>), removed afterwards.</summary>
public abstract class FolderPerTest
{
    private readonly string _parent;

    protected FolderPerTest(string parent = "livingdoc-tests") => _parent = parent;

    protected string Dir { get; private set; } = "";

    [SetUp]
    public void CreateFolder()
    {
        Dir = Path.Combine(Path.GetTempPath(), _parent, TestContext.CurrentContext.Test.Name + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(Dir);
    }

    [TearDown]
    public void RemoveFolder()
    {
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }
}
