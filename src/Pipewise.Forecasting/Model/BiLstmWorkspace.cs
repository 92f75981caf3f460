namespace Pipewise.Forecasting.Model;

/// <summary>Scratch buffers for one forward/backward pass; one per thread.</summary>
public sealed class BiLstmWorkspace
{
    internal BiLstmWorkspace(BiLstmShape s)
    {
        var h = s.HiddenSize;
        Gates = new float[s.Layers * 2][];
        Cells = new float[s.Layers * 2][];
        Outputs = new float[s.Layers][];
        OutputGrads = new float[s.Layers][];
        for (var l = 0; l < s.Layers; l++)
        {
            Outputs[l] = new float[s.Steps * 2 * h];
            OutputGrads[l] = new float[s.Steps * 2 * h];
            for (var d = 0; d < 2; d++)
            {
                Gates[(l * 2) + d] = new float[s.Steps * 4 * h];
                Cells[(l * 2) + d] = new float[s.Steps * h];
            }
        }

        Concat = new float[2 * h];
        HeadPre = new float[s.HeadHidden];
        HeadAct = new float[s.HeadHidden];
        Dz = new float[4 * h];
        Dh = new float[h];
        Dc = new float[h];
        DhNext = new float[h];
        DConcat = new float[2 * h];
        DHead = new float[s.HeadHidden];
        Input = new float[s.Steps * s.InputSize];
    }

    internal float[][] Gates { get; }
    internal float[][] Cells { get; }
    internal float[][] Outputs { get; }
    internal float[][] OutputGrads { get; }
    internal float[] Concat { get; }
    internal float[] HeadPre { get; }
    internal float[] HeadAct { get; }
    internal float[] Dz { get; }
    internal float[] Dh { get; }
    internal float[] Dc { get; }
    internal float[] DhNext { get; }
    internal float[] DConcat { get; }
    internal float[] DHead { get; }
    internal float[] Input { get; }
    internal float[] Out { get; } = new float[3];
}
