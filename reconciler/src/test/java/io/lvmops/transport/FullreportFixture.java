package io.lvmops.transport;

import java.util.Locale;

/**
 * A synthetic {@code lvm fullreport --reportformat json --units b --nosuffix} answer for one VG with 50 LVs, with
 * the fields and the size of the real thing (for load tests only; parsers are tested on captured real output).
 */
final class FullreportFixture {
    private FullreportFixture() {
    }

    static String fiftyLvs() {
        StringBuilder json = new StringBuilder(64 * 1024);
        json.append("  {\n      \"report\": [\n          {\n              \"vg\": [\n");
        json.append("                  {\"vg_fmt\":\"lvm2\", \"vg_uuid\":\"Jx2Lq0-3c1V-9wKp-5dXo-Qm7B-aZ4e-N0fT8y\","
                + " \"vg_name\":\"vg0\", \"vg_attr\":\"wz--n-\", \"vg_permissions\":\"writeable\","
                + " \"vg_extendable\":\"extendable\", \"vg_exported\":\"\", \"vg_autoactivation\":\"enabled\","
                + " \"vg_partial\":\"\", \"vg_allocation_policy\":\"normal\", \"vg_clustered\":\"\","
                + " \"vg_shared\":\"\", \"vg_size\":\"107369988096\", \"vg_free\":\"53687091200\","
                + " \"vg_sysid\":\"\", \"vg_systemid\":\"\", \"vg_lock_type\":\"\", \"vg_lock_args\":\"\","
                + " \"vg_extent_size\":\"4194304\", \"vg_extent_count\":\"25599\", \"vg_free_count\":\"12800\","
                + " \"max_lv\":\"0\", \"max_pv\":\"0\", \"pv_count\":\"1\", \"vg_missing_pv_count\":\"0\","
                + " \"lv_count\":\"50\", \"snap_count\":\"0\", \"vg_seqno\":\"101\", \"vg_tags\":\"lvmops\","
                + " \"vg_profile\":\"\", \"vg_mda_count\":\"1\", \"vg_mda_used_count\":\"1\","
                + " \"vg_mda_free\":\"516608\", \"vg_mda_size\":\"1044480\", \"vg_mda_copies\":\"unmanaged\"}\n");
        json.append("              ],\n              \"pv\": [\n");
        json.append("                  {\"pv_fmt\":\"lvm2\", \"pv_uuid\":\"c3Rk9P-aa1B-Zx0q-Lm4n-Op8r-St2u-Vw6xYz\","
                + " \"dev_size\":\"107374182400\", \"pv_name\":\"/dev/mapper/test_block_a\", \"pv_major\":\"253\","
                + " \"pv_minor\":\"0\", \"pv_mda_free\":\"516608\", \"pv_mda_size\":\"1044480\","
                + " \"pv_ext_vsn\":\"2\", \"pe_start\":\"1048576\", \"pv_size\":\"107369988096\","
                + " \"pv_free\":\"53687091200\", \"pv_used\":\"53682896896\", \"pv_attr\":\"a--\","
                + " \"pv_allocatable\":\"allocatable\", \"pv_exported\":\"\", \"pv_missing\":\"\","
                + " \"pv_pe_count\":\"25599\", \"pv_pe_alloc_count\":\"12799\", \"pv_tags\":\"\","
                + " \"pv_mda_count\":\"1\", \"pv_mda_used_count\":\"1\", \"pv_ba_start\":\"0\","
                + " \"pv_ba_size\":\"0\", \"pv_in_use\":\"used\", \"pv_duplicate\":\"\", \"pv_device_id\":\"\","
                + " \"pv_device_id_type\":\"\"}\n");
        json.append("              ],\n              \"lv\": [\n");
        for (int i = 1; i <= 50; i++) {
            String name = String.format(Locale.ROOT, "lv%02d", i);
            json.append(String.format(Locale.ROOT, "                  {\"lv_uuid\":\"Ab%02dCd-EfGh-IjKl-MnOp-QrSt-UvWx-Yz%04d\","
                    + " \"lv_name\":\"%s\", \"lv_full_name\":\"vg0/%s\", \"lv_path\":\"/dev/vg0/%s\","
                    + " \"lv_dm_path\":\"/dev/mapper/vg0-%s\", \"lv_parent\":\"\", \"lv_layout\":\"linear\","
                    + " \"lv_role\":\"public\", \"lv_initial_image_sync\":\"\", \"lv_image_synced\":\"\","
                    + " \"lv_merging\":\"\", \"lv_converting\":\"\", \"lv_allocation_policy\":\"inherit\","
                    + " \"lv_allocation_locked\":\"\", \"lv_fixed_minor\":\"\", \"lv_skip_activation\":\"\","
                    + " \"lv_autoactivation\":\"enabled\", \"lv_when_full\":\"\", \"lv_active\":\"%s\","
                    + " \"lv_active_locally\":\"%s\", \"lv_active_remotely\":\"\", \"lv_active_exclusively\":\"%s\","
                    + " \"lv_major\":\"-1\", \"lv_minor\":\"-1\", \"lv_read_ahead\":\"auto\","
                    + " \"lv_size\":\"%d\", \"lv_metadata_size\":\"\", \"seg_count\":\"1\", \"origin\":\"\","
                    + " \"origin_uuid\":\"\", \"origin_size\":\"\", \"lv_ancestors\":\"\","
                    + " \"lv_full_ancestors\":\"\", \"lv_descendants\":\"\", \"lv_full_descendants\":\"\","
                    + " \"lv_attr\":\"%s\", \"lv_permissions\":\"writeable\", \"lv_suspended\":\"\","
                    + " \"lv_live_table\":\"%s\", \"lv_inactive_table\":\"\", \"lv_device_open\":\"%s\","
                    + " \"lv_host\":\"node1\", \"lv_time\":\"2016-03-01 10:00:00 +0000\", \"lv_tags\":\"lvmops,owner=node1\","
                    + " \"lv_profile\":\"\", \"lv_lockargs\":\"\", \"lv_kernel_major\":\"%s\","
                    + " \"lv_kernel_minor\":\"%s\", \"lv_kernel_read_ahead\":\"%s\"}%s\n",
                    i, i, name, name, name, name,
                    i % 3 == 0 ? "" : "active", i % 3 == 0 ? "" : "active", i % 3 == 0 ? "" : "active",
                    (long) i * 1_073_741_824L, i % 3 == 0 ? "-wi-------" : "-wi-ao----",
                    i % 3 == 0 ? "" : "live", i % 3 == 0 ? "" : "open",
                    i % 3 == 0 ? "-1" : "254", i % 3 == 0 ? "-1" : Integer.toString(i),
                    i % 3 == 0 ? "-1" : "131072", i == 50 ? "" : ","));
        }
        json.append("              ],\n              \"pvseg\": [],\n              \"seg\": []\n          }\n"
                + "      ]\n  }\n");
        return json.toString();
    }
}
