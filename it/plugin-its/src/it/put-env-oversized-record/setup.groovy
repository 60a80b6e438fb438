new File(basedir, 'big.properties').text = 'CERTIFICATE=' + ('x' * 320000) + '\n'
return true
