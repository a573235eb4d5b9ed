package io.lvmops.lab;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** How many nodes and LUNs a lab test class needs. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface LabSize {
    int nodes() default 2;

    int luns() default 1;

    /** Size of each LUN, as lab/lab's --lun-size takes it. */
    String lunSize() default "2G";

    /** Start wdmd, sanlock and lvmlockd on every node at boot ({@code lab/lab up --lockd}). */
    boolean lockd() default false;
}
