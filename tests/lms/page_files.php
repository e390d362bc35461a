<?php
// Usage: MOODLE_CONFIG=... php page_files.php COURSEID
// Prints JSON: every page activity of the course with its content (as stored, before
// rendering) and the files of its content area, so tests/lms can check every URL in it.
// Exit 0, or 2 on usage errors.
define('CLI_SCRIPT', true);
if (count($argv) !== 2 || !ctype_digit($argv[1])) {
    fwrite(STDERR, "usage: page_files.php COURSEID\n");
    exit(2);
}
$config = getenv('MOODLE_CONFIG');
if (!$config || !is_file($config)) {
    fwrite(STDERR, "page_files.php: set MOODLE_CONFIG to Moodle's config.php\n");
    exit(2);
}
require($config);
$courseid = (int)$argv[1];
$fs = get_file_storage();
$pages = [];
foreach ($DB->get_records('page', ['course' => $courseid], 'id') as $page) {
    $cm = get_coursemodule_from_instance('page', $page->id, $courseid, false, MUST_EXIST);
    $context = context_module::instance($cm->id);
    $files = [];
    foreach ($fs->get_area_files($context->id, 'mod_page', 'content', 0, 'filepath, filename', false) as $f) {
        $files[] = $f->get_filepath() . $f->get_filename();
    }
    $pages[] = ['name' => $page->name, 'content' => $page->content, 'files' => $files];
}
echo json_encode(['wwwroot' => $CFG->wwwroot, 'pages' => $pages],
    JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
