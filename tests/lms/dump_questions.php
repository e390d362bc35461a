<?php
// Usage: MOODLE_CONFIG=... php dump_questions.php CONTEXTID
// Prints JSON: every question in the question categories of context CONTEXTID, as Moodle's own
// question_bank::load_question_data() returns it (options, answers, hints, sub-questions), plus
// its category path (top/...) and tags. Used by tests/lms to compare imported questions with
// courseware's bank field by field. Exit 0, or 2 on usage errors.
define('CLI_SCRIPT', true);
if (count($argv) !== 2 || !ctype_digit($argv[1])) {
    fwrite(STDERR, "usage: dump_questions.php CONTEXTID\n");
    exit(2);
}
$config = getenv('MOODLE_CONFIG');
if (!$config || !is_file($config)) {
    fwrite(STDERR, "dump_questions.php: set MOODLE_CONFIG to Moodle's config.php\n");
    exit(2);
}
require($config);
require_once($CFG->libdir . '/questionlib.php');
\core\session\manager::set_user(get_admin());

/** Plain data: objects and arrays become JSON objects/lists, keyed arrays keep their order. */
function plain($value) {
    if (is_object($value) || is_array($value)) {
        $out = [];
        foreach ((array)$value as $k => $v) {
            $out[$k] = plain($v);
        }
        return is_array($value) && array_is_list($value) ? $out : (object)$out;
    }
    return $value;
}

$contextid = (int)$argv[1];
$cats = $DB->get_records('question_categories', ['contextid' => $contextid], 'id');
$questions = [];
foreach ($cats as $cat) {
    $path = [];
    for ($c = $cat; $c; $c = $c->parent ? ($cats[$c->parent] ?? null) : null) {
        array_unshift($path, $c->name);
    }
    $ids = $DB->get_fieldset_sql("SELECT q.id FROM {question} q
              JOIN {question_versions} qv ON qv.questionid = q.id
              JOIN {question_bank_entries} qbe ON qbe.id = qv.questionbankentryid
             WHERE qbe.questioncategoryid = ? AND q.parent = 0 ORDER BY q.id", [$cat->id]);
    foreach ($ids as $qid) {
        $qd = question_bank::load_question_data($qid);
        $row = plain($qd);
        $row->category_path = implode('/', $path);
        $row->category_idnumber = $cat->idnumber;
        $row->category_info = $cat->info;
        $row->tag_names = array_values(core_tag_tag::get_item_tags_array('core_question', 'question', $qid));
        $row->hint_rows = array_values(array_map(fn($h) => plain($h),
            $DB->get_records('question_hints', ['questionid' => $qid], 'id')));
        $row->answer_rows = array_values(array_map(fn($a) => plain($a),
            $DB->get_records('question_answers', ['question' => $qid], 'id')));
        $questions[] = $row;
    }
}
echo json_encode(['contextid' => $contextid, 'questions' => $questions],
    JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PARTIAL_OUTPUT_ON_ERROR), "\n";
