namespace Pipewise.Forecasting.Model;

/// <summary>
/// Back-propagation through time for <see cref="BiLstmNetwork"/>, from the head outputs down through every layer
/// and direction, over the activations the last forward pass left in the workspace.
/// </summary>
internal static class BiLstmBackwardPass
{
    /// <summary>
    /// Back-propagates d(loss)/d(raw outputs) through the pass last run on <paramref name="ws"/>, adding the
    /// parameter gradient into <paramref name="grad"/>.
    /// </summary>
    public static void Run(BiLstmNetwork network, BiLstmWorkspace ws, ReadOnlySpan<float> dOutput, Span<float> grad)
    {
        var s = network.Shape;
        var h = s.HiddenSize;
        var steps = s.Steps;
        var p = network.Parameters.AsSpan();

        // Heads.
        Array.Clear(ws.DHead);
        for (var o = 0; o < 3; o++)
        {
            var g = dOutput[o];
            grad[network.B2Offset + o] += g;
            VectorMath.Axpy(g, ws.HeadAct, grad.Slice(network.W2Offset + (o * s.HeadHidden), s.HeadHidden));
            VectorMath.Axpy(g, p.Slice(network.W2Offset + (o * s.HeadHidden), s.HeadHidden), ws.DHead);
        }

        Array.Clear(ws.DConcat);
        for (var k = 0; k < s.HeadHidden; k++)
        {
            var g = ws.HeadPre[k] > 0 ? ws.DHead[k] : 0f;
            if (g == 0)
            {
                continue;
            }

            grad[network.B1Offset + k] += g;
            VectorMath.Axpy(g, ws.Concat, grad.Slice(network.W1Offset + (k * 2 * h), 2 * h));
            VectorMath.Axpy(g, p.Slice(network.W1Offset + (k * 2 * h), 2 * h), ws.DConcat);
        }

        for (var l = 0; l < s.Layers; l++)
        {
            Array.Clear(ws.OutputGrads[l]);
        }

        var topGrad = ws.OutputGrads[s.Layers - 1];
        ws.DConcat.AsSpan(0, h).CopyTo(topGrad.AsSpan((steps - 1) * 2 * h, h));
        ws.DConcat.AsSpan(h, h).CopyTo(topGrad.AsSpan(h, h));

        for (var l = s.Layers - 1; l >= 0; l--)
        {
            var input = l == 0 ? ws.Input : ws.Outputs[l - 1];
            var inputGrad = l == 0 ? null : ws.OutputGrads[l - 1];
            var inSize = s.LayerInput(l);
            var outputs = ws.Outputs[l];
            var outGrad = ws.OutputGrads[l];
            for (var d = 0; d < 2; d++)
            {
                var w = network.W(l, d);
                var r = network.R(l, d);
                var gw = grad.Slice(network.WOffset(l, d), 4 * h * inSize);
                var gr = grad.Slice(network.ROffset(l, d), 4 * h * h);
                var gb = grad.Slice(network.BOffset(l, d), 4 * h);
                var gates = ws.Gates[(l * 2) + d];
                var cells = ws.Cells[(l * 2) + d];
                Array.Clear(ws.DhNext);
                Array.Clear(ws.Dc);
                for (var n = steps - 1; n >= 0; n--)
                {
                    var t = d == 0 ? n : steps - 1 - n;
                    var prev = d == 0 ? t - 1 : t + 1;
                    var hasPrev = n > 0;
                    var a = gates.AsSpan(t * 4 * h, 4 * h);
                    var dz = ws.Dz.AsSpan();
                    for (var j = 0; j < h; j++)
                    {
                        var dh = outGrad[(t * 2 * h) + (d * h) + j] + ws.DhNext[j];
                        var gi = a[j];
                        var go = a[h + j];
                        var gf = a[(2 * h) + j];
                        var gc = a[(3 * h) + j];
                        var tc = MathF.Tanh(cells[(t * h) + j]);
                        var dc = ws.Dc[j] + (dh * go * (1 - (tc * tc)));
                        var cPrev = hasPrev ? cells[(prev * h) + j] : 0f;
                        dz[j] = dc * gc * gi * (1 - gi);
                        dz[h + j] = dh * tc * go * (1 - go);
                        dz[(2 * h) + j] = dc * cPrev * gf * (1 - gf);
                        dz[(3 * h) + j] = dc * gi * (1 - (gc * gc));
                        ws.Dc[j] = dc * gf;
                    }

                    var xt = input.AsSpan(t * inSize, inSize);
                    Array.Clear(ws.DhNext);
                    var hPrev = hasPrev ? outputs.AsSpan((prev * 2 * h) + (d * h), h) : default;
                    for (var row = 0; row < 4 * h; row++)
                    {
                        var g = dz[row];
                        if (g == 0)
                        {
                            continue;
                        }

                        gb[row] += g;
                        VectorMath.Axpy(g, xt, gw.Slice(row * inSize, inSize));
                        if (inputGrad is not null)
                        {
                            VectorMath.Axpy(g, w.Slice(row * inSize, inSize), inputGrad.AsSpan(t * inSize, inSize));
                        }

                        if (hasPrev)
                        {
                            VectorMath.Axpy(g, hPrev, gr.Slice(row * h, h));
                            VectorMath.Axpy(g, r.Slice(row * h, h), ws.DhNext);
                        }
                    }

                    if (!hasPrev)
                    {
                        Array.Clear(ws.Dc);
                    }
                }
            }
        }
    }
}
