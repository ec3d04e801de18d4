package org.dynamos.check;

import java.util.List;
import org.dynamos.diag.Diagnostics;
import org.dynamos.image.KernelImage;
import org.dynamos.image.KernelSymbol;
import org.dynamos.syntax.FunctionRef;

/**
 * One check of a replace target against the kernel image. Checks run in a
 * chain: each receives the candidate symbols left by the previous one and
 * returns those that remain, or an empty list after reporting why none fits.
 */
public interface TargetCheck {

    List<KernelSymbol> check(FunctionRef target, List<KernelSymbol> candidates, KernelImage image, Diagnostics out);
}
